#!/usr/bin/env python3
"""50: who may review transcripts. Non-members, mentors of other spaces
and server administrators cannot list, read, search, export, report,
annotate or redact; for an affinity space their answer is byte for byte
the one for a space (or session) that does not exist. Every read by a
mentor is in the access log, which only the space's owners read.
Transcripts past their retention are purged on a timer."""

import rtharness
import rtwire as w
from rttranscript import (ACCESS_PAGE, TX_ACCESS, TX_ANNOTATE,
                          TX_ANNOTATIONS, TX_EXPORT, TX_LIST, TX_POLICY,
                          TX_READ, TX_REDACT, TX_REPORT, TX_SEARCH, Person,
                          account, admin, server, space, start, wait_for)


def strip(r):
    """A reply without its request id."""
    return {k: v for k, v in r.items() if k != "id"}


def by_space(p, slug):
    """Every request that names a space, as p: the replies."""
    return {
        "list": p.tx(TX_LIST, space=slug),
        "search": p.tx(TX_SEARCH, space=slug, query="words"),
        "access": p.tx(TX_ACCESS, space=slug),
        "policy": p.tx(TX_POLICY, space=slug),
    }


def by_session(p, sid):
    """Every request that names a session, as p: the replies."""
    return {
        "read": p.tx(TX_READ, session=sid),
        "export": p.tx(TX_EXPORT, session=sid, format="jsonl"),
        "report": p.tx(TX_REPORT, session=sid),
        "annotate": p.tx(TX_ANNOTATE, session=sid, text="x", **{"from": 1}),
        "annotations": p.tx(TX_ANNOTATIONS, session=sid),
        "redact": p.tx(TX_REDACT, session=sid, seq=3),
    }


def ended(s, adm, slug, member):
    p = Person(s, member)
    sid = start(adm, [p], slug, "open")
    p.post(sid, "some words for the record")
    adm.control(sid, "end")
    p.close()
    return sid


def test_outsiders_and_other_mentors_cannot_review(tmp):
    s = server(tmp).start()
    with s:
        adm = admin(s)
        space(s, adm, "tank", "invite", members=["ada"], mentors=["mia"])
        space(s, adm, "other", "invite", mentors=["oz"])
        for name in ("hil", "hal", "out", "asker"):
            account(s, name)
        # An affinity space the administrator is no member of.
        adm.ok({"t": w.SPACE_CREATE, "slug": "hidden", "title": "Hidden",
                "kind": "affinity", "owner": "hil"}, w.SPACE)
        hil = Person(s, "hil")
        hil.ok({"t": w.SPACE_ADD, "space": "hidden", "user": "hal"})
        tank = ended(s, adm, "tank", "ada")
        hal = Person(s, "hal")
        hidden = start(hil, [hal], "hidden", "open")
        hal.post(hidden, "words of the affinity group")
        hil.control(hidden, "end")
        hal.close()
        out, oz = Person(s, "out"), Person(s, "oz")
        nospace = by_space(out, "no-such-space")
        nosession = by_session(out, 99999)
        for r in nospace.values():
            assert r["name"] == "not-found", r
        for r in nosession.values():
            assert r["name"] == "not-found" and \
                r["message"] == "no such session", r
        for who in (out, oz, adm):
            for k, r in by_space(who, "hidden").items():
                assert strip(r) == strip(nospace[k]), (who.user, k, r)
            for k, r in by_session(who, hidden).items():
                assert strip(r) == strip(nosession[k]), (who.user, k, r)
        for who in (out, oz):
            for k, r in by_space(who, "tank").items():
                assert r["t"] == w.ERROR and r["name"] == "denied", (k, r)
            for k, r in by_session(who, tank).items():
                assert strip(r) == strip(nosession[k]), (who.user, k, r)
        # A mentor of tank is an outsider to other spaces' sessions...
        mia = Person(s, "mia")
        for k, r in by_session(mia, hidden).items():
            assert strip(r) == strip(nosession[k]), (k, r)
        # ... and reviews tank's; but neither redacts nor reads the log.
        got = by_session(mia, tank)
        assert got["read"]["t"] == 451 and got["report"]["t"] == 455
        assert got["export"]["t"] == 454, got["export"]
        assert got["annotate"]["t"] == 456 and got["annotations"]["t"] == 457
        assert got["redact"]["name"] == "denied", got["redact"]
        assert by_space(mia, "tank")["access"]["name"] == "denied"
        # Someone who asked to join the affinity space knows it exists,
        # but reads nothing.
        code = hil.ok({"t": w.SPACE_INVITE, "space": "hidden",
                       "request": True}, w.INVITE)["code"]
        asker = Person(s, "asker")
        asker.ok({"t": w.SPACE_REQUEST, "code": code}, w.SPACE)
        for k, r in by_space(asker, "hidden").items():
            assert r["name"] == "denied", (k, r)
        for k, r in by_session(asker, hidden).items():
            assert strip(r) == strip(nosession[k]), (k, r)
        for p in (out, oz, mia, hil, asker):
            p.close()


def test_access_log_records_mentor_reads(tmp):
    s = server(tmp).start()
    with s:
        adm = admin(s)
        space(s, adm, "tank", "invite", members=["ada"], mentors=["mia"],
              facilitators=["fay"], mentor_members=["meg"])
        sid = ended(s, adm, "tank", "ada")
        mia, fay, ada, meg = (Person(s, n) for n in ("mia", "fay", "ada",
                                                     "meg"))
        mia.tx(TX_READ, session=sid)
        mia.tx(TX_SEARCH, space="tank", query="record")
        data, done = mia.export(sid, "markdown")
        assert done["t"] == 454, done
        mia.tx(TX_REPORT, session=sid)
        mia.tx(TX_LIST, space="tank")              # listing: not a read
        meg.tx(TX_READ, session=sid)               # a member and mentor
        fay.tx(TX_READ, session=sid)               # stewards: not logged
        ada.tx(TX_READ, session=sid)               # members: not logged
        r = adm.tx(TX_ACCESS, space="tank")
        assert r["t"] == ACCESS_PAGE, r
        got = [(e["user"], e["what"], e.get("session", 0))
               for e in r["entries"]]
        assert got == [("meg", "read", sid), ("mia", "report", sid),
                       ("mia", "export", sid), ("mia", "search", 0),
                       ("mia", "read", sid)], got
        assert all(e["at"] > 0 for e in r["entries"])
        assert r["entries"][3]["detail"] == "record", r["entries"][3]
        r = adm.tx(TX_ACCESS, space="tank", limit=2)
        assert len(r["entries"]) == 2 and r["next"], r
        r2 = adm.tx(TX_ACCESS, space="tank", before=r["next"])
        assert [e["seq"] for e in r2["entries"]] == \
            [e["seq"] for e in adm.tx(TX_ACCESS, space="tank")[
                "entries"]][2:], r2
        for p in (mia, fay, ada, meg):
            assert p.tx(TX_ACCESS, space="tank")["name"] == "denied"
            p.close()


def test_retention_purges_old_transcripts(tmp):
    s = server(tmp, conf={"transcripts": {"purge_interval": "1s"}}).start()
    with s:
        adm = admin(s)
        space(s, adm, "tank", "invite", members=["ada"], mentors=["mia"])
        space(s, adm, "keep", "invite", members=["ada"])
        old = ended(s, adm, "tank", "ada")
        kept = ended(s, adm, "keep", "ada")
        ada = Person(s, "ada")
        live = start(adm, [ada], "tank", "open")
        ada.post(live, "still going")
        mia = Person(s, "mia")
        mia.tx(TX_READ, session=old)
        r = adm.tx(TX_POLICY, space="tank", retention=1)
        assert r["retention"] == 1, r
        wait_for(lambda: not adm.tx(TX_LIST, space="tank").get(
            "transcripts"), 20, "the transcript to be purged")
        r = adm.tx(TX_READ, session=old)
        assert r["name"] == "not-found", r
        assert not adm.tx(TX_SEARCH, space="tank",
                          query="record").get("hits")
        # The other space keeps its transcript; the live session goes on;
        # the access log outlives the transcript it names.
        assert [t["session"] for t in adm.tx(TX_LIST, space="keep")[
            "transcripts"]] == [kept]
        assert ada.post(live, "and on")["t"] == w.POSTED
        log = adm.tx(TX_ACCESS, space="tank")["entries"]
        assert [(e["what"], e["session"]) for e in log] == [("read", old)]
        adm.control(live, "end")
        wait_for(lambda: not adm.tx(TX_LIST, space="tank").get(
            "transcripts"), 20, "the second transcript to be purged")
        ok = adm.tx(TX_POLICY, space="tank", clear=["retention"])
        assert "retention" not in ok, ok
        for p in (ada, mia):
            p.close()
    # The server's own limit applies to every space.
    s.conf["transcripts"]["retention"] = "1s"
    s.start()
    with s:
        adm = admin(s)
        wait_for(lambda: not adm.tx(TX_LIST, space="keep").get(
            "transcripts"), 20, "the server's retention to purge")


if __name__ == "__main__":
    rtharness.main(globals())
