"""The case-file routes' lines for the role x route matrix (tests/integration/test_authz_matrix.py,
auth branch). Checked against that matrix on a scratch merge of casefile + auth: all pass.

To wire: ``EXPECT.update(CASEFILE_EXPECT)``, and give the matrix a contact moment on its
``case_a`` for the ``moment_id`` parameter::

    VALUES["moment_id"] = lambda w: w.moment_a
    # in the world fixture:
    from schoonschip.cases.records import add_contact
    with app.app_context(), write_transaction() as db:
        moment_a = add_contact(db, db.get(Case, case_a), on=clock.today(), kind="telefoon",
                               minutes=5, note=None, by_user_id=people.coach_a).id
"""

OK, LOGIN, NF, REDIR = "ok", "login", "404", "redirect"

#             anonymous  coach_a  coach_b  coordinator_a  beheerder  rapportage
CASE_A = (LOGIN, OK, NF, OK, NF, NF)  # a case at location A, assigned to coach_a
COORD_A = (LOGIN, NF, NF, OK, NF, NF)  # coordinator of location A only
CASE_WORKERS = (LOGIN, OK, OK, OK, NF, NF)

CASEFILE_EXPECT: dict[str, tuple[str, str, str, str, str, str]] = {
    "cases.my_cases": CASE_WORKERS,
    "cases.new_case": CASE_WORKERS,
    "cases.location_home": (LOGIN, NF, NF, REDIR, NF, NF),
    "cases.location_cases": COORD_A,
    "cases.bulk_reassign_view": COORD_A,
    "cases.show": CASE_A,
    "cases.stage": CASE_A,
    "cases.access": CASE_A,
    "cases.conflict": CASE_A,
    "cases.person": CASE_A,
    "cases.story": CASE_A,
    "cases.contacts": CASE_A,
    "cases.delete_contact_view": CASE_A,
    "cases.consent": CASE_A,
    "cases.consent_form": CASE_A,
    "cases.reassign_case": COORD_A,
    "cases.share_case": COORD_A,
    "cases.unshare_case": COORD_A,
    "cases.transfer_case": COORD_A,
    "cases.erase": COORD_A,
    "tally.home": (LOGIN, REDIR, REDIR, REDIR, NF, NF),
    "tally.location": (LOGIN, OK, NF, OK, NF, NF),
    "tally.plus": (LOGIN, OK, NF, OK, NF, NF),
    "tally.minus": (LOGIN, REDIR, NF, REDIR, NF, NF),
}
