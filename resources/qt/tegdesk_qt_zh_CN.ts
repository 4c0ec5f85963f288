<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt 6 added accelerators to these file-dialog labels; its qtbase_zh_CN.qm still translates the
     old texts ("Look in:", "Files of type:"), so they showed in English. Compiled with
     pyside6-lrelease into tegdesk_qt_zh_CN.qm (see README.md). -->
<TS version="2.1" language="zh_CN">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
</TS>
