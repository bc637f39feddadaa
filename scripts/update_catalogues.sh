#!/usr/bin/env bash
# Regenerate the gettext catalogues of the map and the command line with Babel (pybabel):
# extract every _("..."), N_("..."), _n("...", "...") and .gettext("...") into geo_huallaga/locale/geo_huallaga.pot,
# merge it into each language's .po (new msgids arrive empty or fuzzy), fill the Spanish from
# scripts/translations_es.py (it stops, naming them, if a msgid has no Spanish there: add it), and
# compile the .po files into the .mo files the package ships (and the wheel carries). Re-running it
# on an unchanged tree changes no byte.
# Run from the checkout: PYTHON=/path/to/python scripts/update_catalogues.sh   (needs: pip install Babel)
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-pybabel}
"$PYBABEL" extract -F babel.cfg -k _ -k N_ -k gettext -k _n:1,2 --no-location --omit-header --sort-output \
  -o geo_huallaga/locale/geo_huallaga.pot .
"$PYBABEL" update -i geo_huallaga/locale/geo_huallaga.pot -d geo_huallaga/locale -D geo_huallaga \
  --no-fuzzy-matching
"${PYTHON:-python}" scripts/translations_es.py  # the Spanish words, and fixed header dates
"$PYBABEL" compile -d geo_huallaga/locale -D geo_huallaga --statistics
