"""`suengine referens hämta/läs`: fetch from a local Kolada-shaped server, cache, offline from the cache, clear message."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from suengine.cli import main
from suengine.reference import store
from suengine.reference.fetch import OfflineError, areas_for, fetch

FIXTURES = Path(__file__).parent / "fixtures"


def _page(kpi: str, area: str, value: float, next_url: str | None) -> dict:
    return {"count": 1, "next_url": next_url, "values": [
        {"kpi": kpi, "municipality": area, "period": 2022, "values": [{"gender": "T", "value": value, "count": 1, "status": ""}]}]}


@pytest.fixture
def kolada():
    """A local server answering like Kolada v3, in two pages; records the paths asked for."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            asked.append(self.path)
            base = f"http://127.0.0.1:{self.server.server_port}"
            if "/municipality_groups/" in self.path:
                group = self.path.rsplit("/", 1)[1]
                body = {"count": 1, "values": [{"id": group, "title": "Liknande kommuner IFO, Exempelby", "members": [
                    {"id": "0583", "title": "Motala"}, {"id": "0180", "title": "Stockholm"}]}]}
                return self._send(body)
            kpi = self.path.split("/kpi/")[1].split("/")[0]
            if "/municipality/" not in self.path:  # every kommun of the years asked for
                body = {"count": 3, "values": [
                    {"kpi": kpi, "municipality": area, "period": 2022,
                     "values": [{"gender": "T", "value": value, "count": 1, "status": ""}]}
                    for area, value in (("0180", 2.35), ("0583", 5.1), ("1280", 7.0))]}
                return self._send(body)
            if self.path.endswith("?page=2"):
                body = _page(kpi, "0000", 3.4, None)
            else:
                body = _page(kpi, "0180", 2.35, f"{base}{self.path}?page=2")
            self._send(body)

        def _send(self, body):
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v3", asked
    server.shutdown()


def _unused_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v3"  # nothing listens here once the socket is closed


def test_areas_are_kommun_lan_riket_and_groups():
    assert areas_for("180", ["G36449"]) == ["0180", "0001", "0000", "G36449"]


def test_fetch_follows_pages_caches_and_then_works_offline(tmp_path, kolada):
    url, asked = kolada
    online = fetch(tmp_path, ["N33816"], areas_for("0180"), base_url=url)
    assert online.from_network == ["N33816"]
    assert asked[0] == "/v3/data/kpi/N33816/municipality/0180,0001,0000" and len(asked) == 2
    assert sorted(online.values["område"]) == ["0000", "0180"]
    offline = fetch(tmp_path, ["N33816"], areas_for("0180"), base_url=url, offline=True)
    assert len(asked) == 2  # nothing more was asked
    assert offline.from_cache == ["N33816"]
    assert offline.values.equals(online.values)


def test_no_network_falls_back_to_cache_with_its_own_fetch_date(tmp_path, kolada):
    url, _ = kolada
    fetch(tmp_path, ["N33816"], areas_for("0180"), base_url=url)
    for cached in (tmp_path / "referens" / "cache").glob("*.json"):
        saved = json.loads(cached.read_text(encoding="utf-8"))
        saved["hämtad"] = "2025-01-02"
        cached.write_text(json.dumps(saved), encoding="utf-8")
    again = fetch(tmp_path, ["N33816"], areas_for("0180"), base_url=_unused_url())  # no server answers
    assert again.from_cache == ["N33816"] and again.from_network == []
    assert set(again.values["hämtad"]) == {"2025-01-02"}
    assert sorted(again.values["område"]) == ["0000", "0180"]


def test_offline_without_cache_is_a_clear_swedish_error_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "suengine.yml").write_text("kommun: Exempelby\n", encoding="utf-8")
    code = main(["referens", "hämta", "--kommun", "0180", "--kpi", "N33816", "--url", _unused_url(), "--projekt", str(tmp_path)])
    err = capsys.readouterr().err
    assert code != 0
    assert "kunde inte nå Kolada" in err and "suengine referens läs" in err
    assert not (tmp_path / "referens" / store.VALUES_FILE).exists()
    with pytest.raises(OfflineError):
        fetch(tmp_path, ["N33816"], areas_for("0180"), base_url=_unused_url())


def test_command_fetches_into_store_then_runs_from_cache_without_network(tmp_path, kolada, capsys):
    url, _ = kolada
    (tmp_path / "suengine.yml").write_text("kommun: Exempelby\n", encoding="utf-8")
    args = ["referens", "hämta", "--kommun", "0180", "--kpi", "N33816", "--projekt", str(tmp_path)]
    assert main([*args, "--url", url]) == 0
    first = store.read_values(tmp_path)
    assert len(first) == 2
    (tmp_path / "referens" / store.VALUES_FILE).unlink()
    assert main([*args, "--url", url, "--offline"]) == 0
    assert "ur sparade svar" in capsys.readouterr().out
    assert store.read_values(tmp_path).equals(first)


def test_command_reads_ddf_folder_and_json_answers(tmp_path, capsys):
    (tmp_path / "suengine.yml").write_text("kommun: Exempelby\n", encoding="utf-8")
    assert main(["referens", "läs", str(FIXTURES / "ddf"), "--projekt", str(tmp_path)]) == 0
    assert main(["referens", "läs", str(FIXTURES / "api"), "--projekt", str(tmp_path)]) == 0
    values = store.read_values(tmp_path)
    assert {"N33802", "N33816", "U33401"} <= set(values["kpi"])
    assert set(store.read_kpis(tmp_path)["kpi"]) == {"N33802", "U33401"}
    assert main(["referens", "läs", str(tmp_path / "tom"), "--projekt", str(tmp_path)]) != 0


def test_without_kpi_the_command_fetches_what_the_indicators_name(tmp_path, kolada):
    url, asked = kolada
    (tmp_path / "suengine.yml").write_text("kommun: Exempelby\n", encoding="utf-8")
    assert main(["referens", "hämta", "--kommun", "0180", "--url", url, "--projekt", str(tmp_path)]) == 0
    # the catalogue's jämförelse: utredningstid-median U33401, placerade på HVB / i familjehem per 1 000 N33816/N33817
    assert {a.split("/")[4] for a in asked} == {"U33401", "N33816", "N33817"}
    assert all(a.split("/")[6].startswith("0180,0001,0000") for a in asked)


def test_all_kommuner_and_group_members_are_fetched_cached_and_read_offline(tmp_path, kolada):
    """Quartiles (`typ: relativ`) need every kommun's value, group means need the members: `hämta` gets both."""
    url, asked = kolada
    (tmp_path / "suengine.yml").write_text("kommun: Exempelby\n", encoding="utf-8")
    args = ["referens", "hämta", "--kommun", "0180", "--kpi", "N33816", "--grupp", "G123", "--år", "2022",
            "--alla-kommuner", "--projekt", str(tmp_path)]
    assert main([*args, "--url", url]) == 0
    assert "/v3/data/kpi/N33816/year/2022" in asked and "/v3/municipality_groups/G123" in asked
    values = store.read_values(tmp_path)
    assert set(values["område"]) == {"0000", "0180", "0583", "1280"}  # each area once, though asked twice for 0180
    assert len(values) == 4
    groups = store.read_groups(tmp_path)
    assert set(groups["medlem"]) == {"0583", "0180"} and set(groups["grupp"]) == {"G123"}
    (tmp_path / "referens" / store.VALUES_FILE).unlink()
    (tmp_path / "referens" / store.GROUPS_FILE).unlink()
    before = len(asked)
    assert main([*args, "--url", _unused_url()]) == 0  # nothing answers: everything from the cache
    assert len(asked) == before
    assert store.read_values(tmp_path).equals(values) and store.read_groups(tmp_path).equals(groups)


def test_all_kommuner_without_years_is_a_clear_error(tmp_path, kolada, capsys):
    url, asked = kolada
    (tmp_path / "suengine.yml").write_text("kommun: Exempelby\n", encoding="utf-8")
    code = main(["referens", "hämta", "--kommun", "0180", "--kpi", "N33816", "--alla-kommuner", "--url", url,
                 "--projekt", str(tmp_path)])
    assert code != 0 and "--år" in capsys.readouterr().err
    assert asked == [] and not (tmp_path / "referens" / store.VALUES_FILE).exists()
