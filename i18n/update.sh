#!/bin/sh
# Re-extract tegdesk's messages, merge them into every language's catalog, and
# compile the catalogs. Run from anywhere:  i18n/update.sh
#   PYBABEL=/path/to/pybabel i18n/update.sh   (default: pybabel on PATH)
# Then translate the new or fuzzy entries in i18n/<lang>/LC_MESSAGES/tegdesk.po,
# run it again (it recompiles), and commit the .pot, .po and .mo files.
set -eu
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-pybabel}
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -n 1)

"$PYBABEL" extract -F babel.cfg -o i18n/tegdesk.pot \
    --no-default-keywords -k _ -k N_ -k gettext -k ngettext:1,2 -k tr \
    -k NC_:1c,2 -k pgettext:1c,2 -k NN_:1,2 -k npgettext:1c,2,3 \
    --add-comments=TRANSLATORS: --sort-by-file --add-location=file --width=100 \
    --project=tegdesk --version="$VERSION" \
    --copyright-holder="tegdesk developers" \
    .
for po in i18n/*/LC_MESSAGES/tegdesk.po; do
    [ -e "$po" ] || continue
    lang=$(basename "$(dirname "$(dirname "$po")")")
    "$PYBABEL" update -i i18n/tegdesk.pot -d i18n -D tegdesk -l "$lang" \
        --ignore-obsolete --width=100
done
if ls i18n/*/LC_MESSAGES/tegdesk.po >/dev/null 2>&1; then
    "$PYBABEL" compile -d i18n -D tegdesk --statistics
fi
