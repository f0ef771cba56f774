"""What citizens send through the site, as the forums receive it: the secretary's queue and decisions.

A package inside forums, like the minutes: `services` (receive, accept, merge, route, decline,
erase), `permissions` (who reads and decides), `forms`, `views` and `urls` (the staff pages),
`digest` (the secretaries' daily e-mail) and `tasks`. The model is `forums.models.Submission`;
the citizen's side (the form, the receipt, the tracking page, e-mails to the citizen) is in the
portal, which may also read the actions that answer a concern.
"""
