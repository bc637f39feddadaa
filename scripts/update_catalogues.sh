#!/usr/bin/env bash
# Regenerate the gettext catalogues of the map and the command line with Babel (pybabel):
# extract every _("..."), N_("...") and .gettext("...") into geo_huallaga/locale/geo_huallaga.pot,
# merge it into each language's .po (new msgids arrive empty or fuzzy: translate them), and
# compile the .po files into the .mo files the package ships (and the wheel carries).
# Run from the checkout: scripts/update_catalogues.sh   (needs: pip install Babel)
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-pybabel}
"$PYBABEL" extract -F babel.cfg -k _ -k N_ -k gettext --no-location --omit-header --sort-output \
  -o geo_huallaga/locale/geo_huallaga.pot .
"$PYBABEL" update -i geo_huallaga/locale/geo_huallaga.pot -d geo_huallaga/locale -D geo_huallaga \
  --no-fuzzy-matching
"$PYBABEL" compile -d geo_huallaga/locale -D geo_huallaga --statistics
