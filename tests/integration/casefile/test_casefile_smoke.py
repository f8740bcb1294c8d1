"""Every case-file page renders for a coach, with Dutch text and no server error."""

from tests.integration.casefile_helpers import open_case_via_web


def test_every_tab_renders(app, web, people):
    web.login("coach.a")
    cid = open_case_via_web(web, "Demo Smoke Testpersoon", people.loc_a)
    for path in ("", "/persoon", "/verhaal", "/contact", "/toestemming", "/toestemming/formulier", "/toegang", "/belangenconflict"):
        resp = web.get(f"/dossiers/{cid}{path}")
        assert resp.status_code == 200, (path, resp.get_data(as_text=True)[:3000])
    tabs = {"": "Overzicht", "/persoon": "Persoon", "/verhaal": "Verhaal", "/contact": "Contact", "/toestemming": "Toestemming"}
    for path, label in tabs.items():
        body = web.get(f"/dossiers/{cid}{path}").get_data(as_text=True)
        for other_path, other_label in tabs.items():
            assert f'href="/dossiers/{cid}{other_path}"' in body and f">{other_label}</a>" in body, (path, other_label)
        assert f'href="/dossiers/{cid}{path}" aria-current="page">{label}</a>' in body, path
    for path in ("/dossiers/", "/telling/", "/dossiers/nieuw"):
        resp = web.get(path, follow_redirects=True)
        assert resp.status_code == 200, (path, resp.get_data(as_text=True)[:3000])
