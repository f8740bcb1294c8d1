"""The budget from the resident's bank statements (issue 17): import CAMT.053, MT940 and the
Dutch banks' CSV, propose a budget for the coach to check, and signal possible debts.

Rooms as in every area: ``rules/`` (pure: parsers and recognition), ``models.py`` (the sealed
review state), ``service.py``, ``forms.py``, ``views.py``; templates in ``templates/statements/``.
"""
