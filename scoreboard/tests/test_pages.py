"""Pages, accounts and the review flow with the app's test client: sign-up/log-in with CSRF,
keys created and revoked, writeups (escaped), reproductions, moderator review, env pages."""

from __future__ import annotations

import re

import pytest

UPLOAD = "/api/v1/evaluations"
SCRIPT = "<script>alert(1)</script>"


def csrf_of(client, path: str = "/signup") -> str:
    page = client.get(path)
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def signup(client, name: str, password: str = "correct horse"):
    return client.post(
        "/signup",
        data={"name": name, "password": password, "csrf": csrf_of(client)},
        follow_redirects=False,
    )


def test_sign_up_create_and_revoke_a_key(client):
    response = signup(client, "alice")
    assert response.status_code == 303 and response.headers["location"] == "/account"
    account = client.get("/account")
    assert "alice" in account.text
    created = client.post("/account/keys", data={"csrf": csrf_of(client, "/account")})
    key = re.search(r'id="new-key">(gks_[^<]+)<', created.text).group(1)
    whoami = client.get("/api/v1/whoami", headers={"Authorization": f"Bearer {key}"})
    assert whoami.json() == {"name": "alice", "moderator": False}
    assert key not in client.get("/account").text  # shown once
    key_id = re.search(r"/account/keys/(\d+)/revoke", client.get("/account").text).group(1)
    client.post(f"/account/keys/{key_id}/revoke", data={"csrf": csrf_of(client, "/account")})
    assert (
        client.get("/api/v1/whoami", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    )


def test_passwords_are_stored_as_argon2_hashes(client, app):
    from sqlalchemy import select

    from gymkit_scoreboard.models import User

    signup(client, "alice", "a secret password")
    with app.state.sessions() as db:
        stored = db.scalar(select(User).where(User.name == "alice")).password_hash
    assert stored.startswith("$argon2id$") and "a secret password" not in stored


def test_forms_without_the_csrf_token_are_refused(client):
    response = client.post("/signup", data={"name": "alice", "password": "correct horse"})
    assert response.status_code == 403 and "CSRF" in response.text
    signup(client, "bob")
    response = client.post("/account/keys", data={"csrf": "forged"})
    assert response.status_code == 403


def test_log_in_out_and_wrong_passwords(client):
    signup(client, "alice")
    client.post("/logout", data={"csrf": csrf_of(client, "/account")})
    assert client.get("/account").status_code == 401
    wrong = client.post(
        "/login", data={"name": "alice", "password": "nope nope", "csrf": csrf_of(client, "/login")}
    )
    assert wrong.status_code == 401 and "wrong password" in wrong.text
    right = client.post(
        "/login",
        data={"name": "alice", "password": "correct horse", "csrf": csrf_of(client, "/login")},
        follow_redirects=False,
    )
    assert right.status_code == 303
    assert client.get("/account").status_code == 200


def test_log_in_is_rate_limited(client, app):
    app.state.settings.login_limit = 3
    signup(client, "alice")
    statuses = [
        client.post(
            "/login", data={"name": "alice", "password": "x" * 8, "csrf": csrf_of(client, "/login")}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [401, 401, 401, 429]


@pytest.mark.parametrize(
    ("name", "status"), [(SCRIPT, 400), ("a", 400), ("x" * 33, 400), ("alice", 409)]
)
def test_bad_user_names_are_refused(client, name, status):
    signup(client, "alice")
    client.cookies.clear()
    response = signup(client, name)
    assert response.status_code == status
    assert SCRIPT not in response.text  # echoed escaped, never as markup
    if name == SCRIPT:
        assert "&lt;script&gt;" in response.text


def test_evaluation_page_shows_score_curve_videos_and_escaped_writeup(client, sb, run_a):
    signup(client, "alice")
    created = client.post("/account/keys", data={"csrf": csrf_of(client, "/account")})
    key = re.search(r'id="new-key">(gks_[^<]+)<', created.text).group(1)
    evaluation = client.post(UPLOAD, content=sb.archive(run_a), headers=sb.bearer(key)).json()
    url = f"/evaluations/{evaluation['id']}"
    page = client.get(url)
    assert page.status_code == 200
    assert f"solved after {evaluation['score']['episodes_to_solve']} episodes" in page.text
    assert '<svg xmlns="http://www.w3.org/2000/svg" id="learning-curve"' in page.text
    assert page.text.count('<polyline class="mean"') == 1
    video = re.search(r'<video[^>]+src="([^"]+)"', page.text).group(1)
    served = client.get(video)
    assert served.status_code == 200 and served.headers["content-type"] == "video/mp4"
    assert served.content[4:8] == b"ftyp"
    assert client.get(f"{url}/videos/../../secret.key").status_code == 404
    assert client.get(f"{url}/curve.svg").headers["content-type"].startswith("image/svg+xml")
    # a script tag is no URL: refused, nothing stored
    bad = client.post(f"{url}/writeup", data={"url": SCRIPT, "csrf": csrf_of(client, url)})
    assert bad.status_code == 400 and "&lt;script&gt;" in bad.text and SCRIPT not in bad.text
    # a URL carrying markup is stored and shown escaped
    tricky = 'https://example.org/?q="><script>alert(1)</script>'
    client.post(f"{url}/writeup", data={"url": tricky, "csrf": csrf_of(client, url)})
    page = client.get(url)
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_writeup_api_is_for_the_owner_only(client, sb, run_a):
    alice, bob = sb.add_user("alice"), sb.add_user("bob")
    evaluation = client.post(UPLOAD, content=sb.archive(run_a), headers=sb.bearer(alice)).json()
    path = f"/api/v1/evaluations/{evaluation['id']}/writeup"
    ok = client.post(path, json={"url": "https://example.org/post"}, headers=sb.bearer(alice))
    assert ok.status_code == 200 and ok.json()["writeup"] == "https://example.org/post"
    assert (
        client.post(path, json={"url": "https://x.org"}, headers=sb.bearer(bob)).status_code == 403
    )
    assert client.post(path, json={"url": SCRIPT}, headers=sb.bearer(alice)).status_code == 400
    assert client.post(path, content=b"{", headers=sb.bearer(alice)).status_code == 400
    assert (
        client.post(
            "/api/v1/evaluations/999/writeup",
            json={"url": "https://x.org"},
            headers=sb.bearer(alice),
        ).status_code
        == 404
    )


def test_reproductions_and_review(client, sb, run_a, run_b, run_random):
    alice, bob, carol = sb.add_user("alice"), sb.add_user("bob"), sb.add_user("carol")
    moderator = sb.add_user("mod", moderator=True)
    original = client.post(UPLOAD, content=sb.archive(run_a), headers=sb.bearer(alice)).json()
    review = f"/api/v1/evaluations/{original['id']}/review"
    # no reproduction yet: refused
    response = client.post(review, headers=sb.bearer(moderator))
    assert response.status_code == 409 and "no successful reproduction" in response.json()["error"]
    # the owner cannot reproduce their own
    own = client.post(
        f"{UPLOAD}?reproduces={original['id']}", content=sb.archive(run_b), headers=sb.bearer(alice)
    )
    assert own.status_code == 422 and "someone other" in own.json()["error"]
    failed = client.post(
        f"{UPLOAD}?reproduces={original['id']}",
        content=sb.archive(run_random),
        headers=sb.bearer(carol),
    ).json()
    assert failed["reproduces"] == original["id"] and failed["reproduction_matches"] is False
    assert client.post(review, headers=sb.bearer(moderator)).status_code == 409
    matched = client.post(
        f"{UPLOAD}?reproduces={original['id']}", content=sb.archive(run_b), headers=sb.bearer(bob)
    ).json()
    assert matched["reproduction_matches"] is True
    page = client.get(f"/evaluations/{original['id']}").text
    assert page.count('<td class="match">') == 2
    # only a moderator reviews
    assert client.post(review, headers=sb.bearer(bob)).status_code == 403
    reviewed = client.post(review, headers=sb.bearer(moderator))
    assert reviewed.status_code == 200 and reviewed.json()["reviewed"] is True
    assert client.post(review, headers=sb.bearer(moderator)).status_code == 409
    # reproductions are not listed as evaluations of their own on the env page
    ranked = client.get("/api/v1/envs/CartPole-v1/evaluations").json()["evaluations"]
    assert [e["id"] for e in ranked] == [original["id"]]
    bad = client.post(f"{UPLOAD}?reproduces=abc", content=b"x", headers=sb.bearer(bob))
    assert bad.status_code == 400
    missing = client.post(f"{UPLOAD}?reproduces=999", content=b"x", headers=sb.bearer(bob))
    assert missing.status_code == 404


def test_env_page_lists_reviewed_first_then_by_score(client, sb, app, run_a, run_b, run_random):
    alice, bob = sb.add_user("alice"), sb.add_user("bob")
    moderator = sb.add_user("mod", moderator=True)
    unsolved = client.post(UPLOAD, content=sb.archive(run_random), headers=sb.bearer(alice)).json()
    slower = client.post(UPLOAD, content=sb.archive(run_b), headers=sb.bearer(alice)).json()
    faster = client.post(UPLOAD, content=sb.archive(run_a), headers=sb.bearer(bob)).json()
    ranked = client.get("/api/v1/envs/CartPole-v1/evaluations").json()["evaluations"]
    assert [e["id"] for e in ranked] == [faster["id"], slower["id"], unsolved["id"]]
    client.post(
        f"{UPLOAD}?reproduces={slower['id']}", content=sb.archive(run_b), headers=sb.bearer(bob)
    )
    client.post(f"/api/v1/evaluations/{slower['id']}/review", headers=sb.bearer(moderator))
    ranked = client.get("/api/v1/envs/CartPole-v1/evaluations").json()["evaluations"]
    assert [e["id"] for e in ranked] == [slower["id"], faster["id"], unsolved["id"]]
    page = client.get("/envs/CartPole-v1").text
    assert page.index(f'href="/evaluations/{slower["id"]}"') < page.index(
        f'href="/evaluations/{faster["id"]}"'
    )
    assert "How scores are computed" in page


def test_env_catalogue_and_previews(client, app):
    page = client.get("/envs")
    assert page.status_code == 200
    assert '<section class="family"><h2>' in page.text and 'href="/envs/CartPole-v1"' in page.text
    env = client.get("/envs/CartPole-v1")
    assert "Discrete(2)" in env.text and "475" in env.text
    first = client.get("/envs/CartPole-v1/preview.gif")
    assert first.status_code == 200 and first.content[:6] == b"GIF89a"
    import io

    from PIL import Image

    assert Image.open(io.BytesIO(first.content)).n_frames > 10  # animated
    cached = app.state.settings.data / "previews" / "CartPole-v1.gif"
    assert cached.is_file()
    assert client.get("/envs/CartPole-v1/preview.gif").content == first.content
    assert client.get("/envs/NoSuch-v0").status_code == 404
    assert client.get("/envs/NoSuch-v0/preview.gif").status_code == 404
    assert client.get("/envs/CartPole", follow_redirects=False).status_code == 307


def test_errors_never_show_a_stack_trace(client, app, monkeypatch):
    from gymkit_scoreboard import catalogue

    def broken():
        raise RuntimeError("secret internals")

    monkeypatch.setattr(catalogue, "families", broken)
    response = client.get("/envs")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert client.get("/no/such/page").status_code == 404
    api = client.get("/api/v1/evaluations/12345")
    assert api.status_code == 404 and api.json()["error"] == "there is no evaluation 12345"
