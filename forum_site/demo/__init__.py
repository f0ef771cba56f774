"""Demo data for `manage.py seed_demo`: an invented world of three municipalities and their forums.

It sits at the top of the site, beside the URL conf, because it composes every app: `tables` holds
the data, `world` makes municipalities, bodies, forums and people, `meetings` a forum's history,
`minutes` publishes recent minutes through the real workflow, `two_factor` enrols demo staff, and
`privacy_cases` shows each privacy rule at work.
"""
