<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt 6 added accelerators to these file-dialog labels; its qtbase_fr.qm still translates the
     old texts ("Look in:", "Files of type:"), so they showed in English. Compiled with
     pyside6-lrelease into tegdesk_qt_fr.qm (see README.md). -->
<TS version="2.1" language="fr">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Voir dans :</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Fichiers de &amp;type :</translation>
    </message>
</context>
</TS>
