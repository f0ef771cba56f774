"""The minutes of a meeting, from draft to published PDF, as a one-way chain of modules.

urls → views → services → tasks → rendering → pdf: each module imports only those to its right
(import-linter checks it). `services` holds the workflow (submit, approve, return, publish,
correct, withdraw), `tasks` the Celery tasks, `rendering` what the minutes say and the versions
it stores, `pdf` WeasyPrint. The models stay in forums.models.
"""
