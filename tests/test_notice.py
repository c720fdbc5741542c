"""督办单 (supervision notice): what the one-page PDF says about an overdue case, an at-risk case
and a spike, read back from the PDF with poppler's pdftotext and checked against values worked
out by hand on the fixture below; `griddash notice` and its errors; the scope.

As-of day D = 2024-06-12 (a Wednesday), its end T = 2024-06-13 00:00. A notice is dated the day
after, Thursday 2024-06-13; reply by: urgent the day after issue (Friday 06-14), otherwise 3
working days after issue (Fri 06-14, Mon 06-17, Tue 06-18 → 2024-06-18)."""

from __future__ import annotations

import hashlib
import math
import re
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import tiny_exports as tiny
from tiny_exports import G1, G2, G3, G4, _incident

from dashboard.commands import cli
from dashboard.core import workdays
from dashboard.data.catalog import Catalog
from dashboard.pipeline.ingest import ingest
from dashboard.reporting import notice, notice_pdf

D = date(2024, 6, 12)


def _rows():
    data = tiny.rows()
    inc = _incident
    # fmt: off
    incidents = [
        # N1 overdue, normal, 乱堆乱放 (市容环境) in 龙城社区第一网格: due 06-10 09:30, still open at
        # T (closed 06-13 12:00, after it): overdue T − deadline = 2 d 14.5 h = 62.5 h = 2.6 d.
        # Time limit 72 h. Unit 坞城街道城管科.
        inc("N1", G1, "I0101", "resident", "normal", "2024-06-07 09:30:00", "closed",
            accepted_at="2024-06-07 09:40:00", dispatched_at="2024-06-07 10:00:00",
            closed_at="2024-06-13 12:00:00", deadline_at="2024-06-10 09:30:00",
            handling_unit="坞城街道城管科"),
        # N2 at risk, urgent, 邻里纠纷 (平安建设) in 龙城社区第二网格: due 06-13 02:00, in (T, T + 24 h].
        # Age at T a = 600 min, limit l = 720 min. Unit 坞城街道司法所.
        inc("N2", G2, "I0201", "hotline", "urgent", "2024-06-12 14:00:00", "dispatched",
            accepted_at="2024-06-12 14:10:00", dispatched_at="2024-06-12 14:30:00",
            deadline_at="2024-06-13 02:00:00", handling_unit="坞城街道司法所"),
        # 平安建设's other incidents in D−89 … D, all closed: 60, 300, 700 and 1,200 minutes.
        inc("P1", G4, "I0201", "resident", "normal", "2024-06-01 00:00:00", "closed",
            closed_at="2024-06-01 01:00:00"),
        inc("P2", G4, "I0201", "resident", "normal", "2024-06-02 00:00:00", "closed",
            closed_at="2024-06-02 05:00:00"),
        inc("P3", G4, "I0201", "resident", "normal", "2024-06-03 00:00:00", "closed",
            closed_at="2024-06-03 11:40:00"),
        inc("P4", G4, "I0201", "resident", "normal", "2024-06-04 00:00:00", "closed",
            closed_at="2024-06-04 20:00:00"),
        # N3 overdue, not dispatched, 占道经营 in 北格村网格: due on D at 08:00, open at T: 16 h =
        # 0.7 d. No unit: the notice goes to its street, 小店区北格镇.
        inc("N3", G3, "I0102", "patrol", "normal", "2024-06-11 08:00:00", "open",
            reporter_worker_id="W002", deadline_at="2024-06-12 08:00:00"),
        # O1 overdue in 迎泽区 (outside a 小店区 scope).
        inc("O1", G4, "I0101", "resident", "normal", "2024-06-01 08:00:00", "dispatched",
            dispatched_at="2024-06-01 09:00:00", deadline_at="2024-06-04 08:00:00",
            handling_unit="迎泽区城管局"),
        # C1 closed on D; F1 open, due long after T; X1 cancelled: nothing to notify.
        inc("C1", G1, "I0101", "resident", "normal", "2024-06-12 08:00:00", "closed",
            closed_at="2024-06-12 09:00:00", deadline_at="2024-06-15 08:00:00"),
        inc("F1", G1, "I0101", "resident", "normal", "2024-06-12 10:00:00", "dispatched",
            deadline_at="2024-06-20 10:00:00", handling_unit="坞城街道城管科"),
        inc("X1", G1, "I0101", "resident", "normal", "2024-06-11 10:00:00", "cancelled",
            deadline_at="2024-06-12 10:00:00"),
    ]
    # The spike: 北格镇 (street 140105002, grid G3) had one incident (乱堆乱放) a day 05-15 … 06-10
    # and N3 (占道经营) on 06-11: 28 in D−28 … D−1, mean 1.0; on D 12: 7 乱堆乱放 and 5 占道经营.
    for k in range(27):
        day = date(2024, 5, 15) + timedelta(days=k)
        incidents.append(inc(f"B{k:02d}", G3, "I0101", "patrol", "normal", f"{day} 09:00:00",
                             "closed", closed_at=f"{day} 10:00:00"))
    for k in range(12):
        item = "I0101" if k < 7 else "I0102"
        incidents.append(inc(f"S{k:02d}", G3, item, "resident", "normal",
                             f"2024-06-12 {8 + k:02d}:00:00", "closed",
                             closed_at=f"2024-06-12 {8 + k:02d}:30:00"))
    # fmt: on
    data["incidents"] = incidents
    steps = [
        ("N1", "report", "2024-06-07 09:30:00", "龙城社区网格站"),
        ("N1", "accept", "2024-06-07 09:40:00", "小店区综治中心"),
        ("N1", "dispatch", "2024-06-07 10:00:00", "坞城街道城管科"),
        ("N1", "return", "2024-06-08 15:00:00", "坞城街道城管科"),
        ("N1", "dispatch", "2024-06-08 16:00:00", "坞城街道城管科"),
        ("N1", "close", "2024-06-13 12:00:00", "坞城街道城管科"),  # after T: not on the notice
        ("N2", "report", "2024-06-12 14:00:00", "龙城社区网格站"),
        ("N2", "dispatch", "2024-06-12 14:30:00", "坞城街道司法所"),
    ]
    data["incident_events"] = [
        {"incident_id": i, "step": s, "at": datetime.fromisoformat(at), "unit": u}
        for i, s, at, u in steps
    ]
    return data


@pytest.fixture(scope="module")
def cat(tmp_path_factory) -> Catalog:
    root = tmp_path_factory.mktemp("notice")
    tiny.write(root / "exports", _rows())
    report = ingest(
        root / "exports", root / "catalog.duckdb", now=datetime(2024, 6, 14, 8), progress=False
    )
    assert not any(report.quarantined.values()), report.quarantined
    return Catalog(root / "catalog.duckdb")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The page's text, whitespace removed (pdftotext spaces and breaks lines as laid out)."""
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", "", out)


def pages_and_size(pdf: bytes, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip()


def serial(kind: str, key: str, day: date) -> str:
    # The documented rule: six digits of SHA-256("<kind>:<key>:<day>").
    return f"{int(hashlib.sha256(f'{kind}:{key}:{day}'.encode()).hexdigest(), 16) % 10**6:06d}"


def make(cat, kind, key, lang="zh"):
    return notice_pdf.make(cat, notice.Subject(kind, key), D, lang)


def test_an_overdue_case_to_its_handling_unit(cat, tmp_path):
    name, pdf = make(cat, "case", "N1")
    assert name == "notice_2024-06-12_case_N1_zh.pdf"
    assert pages_and_size(pdf, tmp_path) == (1, "595.28 x 841.89 pts (A4)")
    text = pdf_text(pdf, tmp_path)
    assert "督办单" in text
    assert f"督〔2024〕0612-{serial('case', 'N1', D)}号" in text
    assert "致：坞城街道城管科" in text
    # 62.5 h overdue at T = 2.6 days; the deadline and the 72 h limit; the place.
    assert "已超期2.6天（62.5小时）" in text
    assert "处置时限为2024-06-1009:30" in text
    assert "2024-06-1009:30（时限72小时）" in text
    assert "小店区坞城街道龙城社区第一网格（1401050010010001）" in text
    assert "市容环境·乱堆乱放" in text and "群众反映" in text
    # Normal case: 3 working days after Thursday 06-13, over the weekend → Tuesday 06-18.
    assert "请于2024年6月18日（星期二）前将办理结果书面回复太原市综治中心" in text
    # Issued by the centre the day after D; the data version in small print.
    assert "太原市综治中心2024年6月13日" in text
    assert f"数据版本{cat.data_version}" in text
    # The steps up to T, in order; the close after T is not there yet.
    steps = ["上报", "受理", "派遣", "退回", "派遣"]
    history = text.split("二、办理过程")[1].split("三、办理要求")[0]
    found = re.findall(r"2024-06-\d\d\d\d:\d\d(上报|受理|派遣|退回|结案)", history)
    assert found == steps


def test_an_at_risk_case_with_its_chance_of_missing(cat, tmp_path):
    # 平安建设's cohort (minutes; E closed, C open at T): 60 E, 300 E, 600 C (N2), 700 E,
    # 1,200 E. S(60) = 4/5, S(300) = 4/5 · 3/4 = 3/5, S(700) = 3/5 · 1/2 = 3/10 (at risk at
    # 700: P4, P3). N2: p = S(720) / S(600) = (3/10) / (3/5) = 0.5. It is the only case due.
    text = pdf_text(make(cat, "case", "N2")[1], tmp_path)
    assert "致：坞城街道司法所" in text
    assert "将于2024-06-1302:00到期" in text
    assert "超期概率为50%" in text
    assert "50%（2024-06-13到期1件，预计超期0.5件）" in text
    assert "紧急" in text and "时限12小时" in text
    assert "请确保于处置时限2024-06-1302:00前办结" in text
    # Urgent: the day after issue.
    assert "请于2024年6月14日（星期五）前" in text and "紧急案件：签发次日" in text
    assert f"督〔2024〕0612-{serial('case', 'N2', D)}号" in text


def test_a_case_without_a_unit_goes_to_its_street(cat, tmp_path):
    text = pdf_text(make(cat, "case", "N3")[1], tmp_path)
    # Due on D at 08:00, open at T: 16 h = 0.7 d; not dispatched → 小店区北格镇.
    assert "致：小店区北格镇（案件尚未派遣承办单位，由所在街道督促）" in text
    assert "已超期0.7天（16.0小时）" in text
    assert "该案件尚未派遣，请立即明确承办单位" in text
    assert "小店区北格镇北格村网格（1401050020010001）" in text


def test_a_spike_to_its_street(cat, tmp_path):
    # 北格镇 on D: 12 incidents against a mean of 28 / 28 = 1.0; excess 11.0. Poisson upper tail
    # P(X ≥ 12 | λ = 1) = Σ_{k ≥ 12} e^-1 / k!.
    tail = sum(math.exp(-1) / math.factorial(k) for k in range(12, 60))
    name, pdf = make(cat, "spike", "140105002")
    assert name == "notice_2024-06-12_spike_140105002_zh.pdf"
    assert pages_and_size(pdf, tmp_path)[0] == 1
    text = pdf_text(pdf, tmp_path)
    assert "致：小店区北格镇" in text
    assert "小店区北格镇于2024-06-12上报事件12件，近28天日均1.0件，超出11.0件" in text
    assert "1.0件（2024-05-15至2024-06-11）" in text
    assert f"{tail:.1e}" in text
    # What the day held, most first, with each item's 28-day mean: 乱堆乱放 7 (27 / 28 = 1.0),
    # 占道经营 5 (N3 alone: 1 / 28 = 0.0).
    assert "乱堆乱放71.0占道经营50.0" in text
    assert "请于2024年6月18日（星期二）前将核查及处置情况书面回复太原市综治中心" in text
    assert f"督〔2024〕0612-{serial('spike', '140105002', D)}号" in text
    # The same place as a grid (G3 is 北格镇's only grid): the same figures, the same street.
    grid = pdf_text(make(cat, "spike", G3)[1], tmp_path)
    assert "致：小店区北格镇" in grid and "上报事件12件" in grid


def test_in_english(cat, tmp_path):
    text = pdf_text(make(cat, "case", "N1", "en")[1], tmp_path)
    assert f"No.DB-2024-0612-{serial('case', 'N1', D)}" in text
    # Names in English: the unit romanised by its organisation table, the spike's street too.
    assert "To:WuchengSubdistrictUrbanManagementSection" in text
    assert "2.6days(62.5hours)overdue" in text
    assert "byTuesday18June2024" in text
    assert "Taiyuangovernancecentre13June2024" in text
    spike = pdf_text(make(cat, "spike", "140105002", "en")[1], tmp_path)
    assert "had12incidentsreportedon2024-06-12againsta28-daymeanof1.0:11.0more" in spike
    assert "To:BeigeTown,XiaodianDistrict" in spike


def test_the_same_subject_and_day_give_the_same_notice(cat):
    assert make(cat, "case", "N1")[1] == make(cat, "case", "N1")[1]
    assert notice.number("case", "N1", D) != notice.number("case", "N1", date(2024, 6, 11))


def test_reply_by_rule():
    # Issued the day after D. Urgent: the next day, weekend or not. Otherwise 3 working days,
    # Monday to Friday without a calendar.
    plain = workdays.Calendar()
    assert notice.reply_by(date(2024, 6, 14), urgent=True, calendar=plain).day == date(2024, 6, 16)
    assert notice.reply_by(date(2024, 6, 14), urgent=False, calendar=plain).day == date(
        2024, 6, 19
    )  # Sat → Wed
    assert notice.reply_by(date(2024, 6, 10), urgent=False, calendar=plain).day == date(
        2024, 6, 14
    )  # Tue → Fri
    assert notice.reply_by(date(2024, 6, 10), urgent=False, calendar=plain).holidays_from is None


def test_the_operators_calendar_moves_the_reply_by_date(cat, tmp_path, monkeypatch):
    # 2024-06-17 (Monday) off: issued Thu 06-13 → Fri 06-14 (1), Mon 06-17 off, Tue 06-18 (2),
    # Wed 06-19 (3). The small print names the calendar instead of "Monday to Friday".
    path = tmp_path / "holidays.toml"
    path.write_text('[2024]\noff = ["2024-06-17"]\n', encoding="utf-8")
    monkeypatch.setenv("GRIDDASH_CALENDAR", str(path))
    text = pdf_text(make(cat, "case", "N1")[1], tmp_path)
    assert "请于2024年6月19日（星期三）前将办理结果书面回复" in text
    assert "按holidays.toml的节假日及调休安排" in text and "不含法定节假日调整" not in text
    english = pdf_text(make(cat, "spike", "140105002", "en")[1], tmp_path)
    assert "byWednesday19June2024" in english
    assert "publicholidaysandweekendworkingdaysasinholidays.toml" in english


def test_without_a_calendar_the_notice_says_monday_to_friday(cat, tmp_path):
    text = pdf_text(make(cat, "case", "N1")[1], tmp_path)
    assert "其他为签发后3个工作日（周一至周五，不含法定节假日调整）" in text


def test_a_broken_calendar_stops_the_notice_and_says_why(cat, capsys, tmp_path, monkeypatch):
    path = tmp_path / "calendar.toml"
    path.write_text('[2024]\nwork = ["2024-06-17"]\n', encoding="utf-8")  # a Monday
    monkeypatch.setenv("GRIDDASH_CALENDAR", str(path))
    code, out, err = cli_run(cat, capsys, "--case", "N1", "--out", str(tmp_path / "n.pdf"))
    assert code == 2 and out == ""
    assert "working-day calendar" in err
    assert "calendar.toml: [2024] work: expected Saturdays or Sundays" in err
    assert "found 2024-06-17, a weekday" in err
    assert not (tmp_path / "n.pdf").exists()


def cli_run(cat, capsys, *args) -> tuple[int, str, str]:
    code = cli.main(["notice", "--catalog", str(cat.path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_command_line_writes_the_notice(cat, capsys, tmp_path):
    out = tmp_path / "n.pdf"
    code, stdout, err = cli_run(cat, capsys, "--case", "N1", "--out", str(out))
    assert (code, err) == (0, "") and stdout.strip() == str(out)
    assert out.read_bytes() == make(cat, "case", "N1")[1]  # the as-of day defaults to D
    out = tmp_path / "s.pdf"
    args = ["--spike", "140105002", "--as-of", "2024-06-12", "--lang", "en", "--out", str(out)]
    assert cli_run(cat, capsys, *args)[0] == 0
    assert "Supervisionnotice" in pdf_text(out.read_bytes(), tmp_path)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--case", "NOPE"],
            2,
            "case 'NOPE': expected an incident ID in the catalog, found none "
            "(not found in your scope)",
        ),
        (
            ["--case", "O1", "--scope", "140105"],
            2,
            "case 'O1': expected an incident ID in scope 140105, found none "
            "(not found in your scope)",
        ),
        (
            ["--case", "C1"],
            1,
            "case C1: expected a case overdue at the end of 2024-06-12 or due in the 24 hours "
            "after it, found one closed at 2024-06-12 09:00",
        ),
        (
            ["--case", "F1"],
            1,
            "found an open incident due at 2024-06-20 10:00",
        ),
        (["--case", "X1"], 1, "found a cancelled incident"),
        (
            ["--spike", "140105001", "--as-of", "2024-06-12"],
            1,
            "spike 140105001: expected a spike on 2024-06-12 (at least 10 incidents and a "
            "Poisson upper tail below 1e-4 against the 28-day mean), found none there; the "
            "day's spikes in the catalog: 140105002",
        ),
        (
            ["--spike", "140106001", "--scope", "140105"],
            2,
            "spike 140106001: expected a street or grid in scope 140105, found none "
            "(not found in your scope)",
        ),
        (
            ["--spike", "140105"],
            2,
            "spike: expected a 9-digit street code or a 16-digit grid code, found '140105'",
        ),
        (
            ["--case", "N1", "--as-of", "2024-06-13"],
            2,
            "as-of day: expected a day between",
        ),
    ],
)
def test_the_command_line_says_what_it_expected(cat, capsys, tmp_path, args, code, message):
    out = tmp_path / "x.pdf"
    got, stdout, err = cli_run(cat, capsys, *args, "--out", str(out))
    assert got == code
    assert err.startswith("griddash notice: ") and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert stdout == "" and not out.exists()


def test_a_case_of_another_district_is_not_found_in_a_scoped_session(cat, tmp_path):
    # What the briefing's button calls, with a district lead's catalog (scoped to 小店区): 迎泽区's
    # O1 is unknown there, exactly as an ID that does not exist; its own district's is not.
    lead = Catalog(cat.path, scope="140105")
    with pytest.raises(notice.NoticeError, match="not found in your scope") as err:
        notice_pdf.make(lead, notice.Subject("case", "O1"), D, "zh")
    assert err.value.exit_code == 2
    assert "迎泽区城管局" not in str(err.value)
    assert "致：坞城街道城管科" in pdf_text(make(lead, "case", "N1")[1], tmp_path)
    yingze = Catalog(cat.path, scope="140106")
    assert "致：迎泽区城管局" in pdf_text(make(yingze, "case", "O1")[1], tmp_path)


def test_spike_items_add_up_to_the_spike(cat):
    # The notice's table of what a spike held and metrics.spikes count the same incidents.
    from dashboard.measures import metrics

    spikes = [s for digits in (9, 16) for s in metrics.spikes(cat, D, digits=digits)]
    assert {len(s.code) for s in spikes} == {9, 16}, "expected a street and a grid spike on D"
    district = Catalog(cat.path, scope="140105")
    for s in spikes:
        items = cat.query("spikes_by_place_item", as_of=D, code=s.code)
        assert items["count"].sum() == s.count
        # a district lead's session names the same items for a spike of their district
        assert district.query("spikes_by_place_item", as_of=D, code=s.code).rows() == items.rows()
    # '' is the whole scope: every incident of the day, counted from the catalog's raw rows
    whole = cat.query("spikes_by_place_item", as_of=D, code="")
    day = cat.sql(
        "select count(*) as n from incidents where status <> 'cancelled' "
        "and reported_at::date = $d",
        {"d": D},
    )["n"][0]
    assert whole["count"].sum() == day > sum(s.count for s in spikes if len(s.code) == 9)


def test_choices_follow_the_briefing_lists(cat):
    from dashboard.measures import briefing

    view = briefing.build(cat, D)
    choices = notice.choices(
        view.spikes,
        view.new_late_cases.head(8),
        view.at_risk.cases.head(8),
        view.late_cases.head(8),
    )
    # The spike, then N3 (went overdue on D), N2 (due), then the longest overdue not listed
    # yet: O1 (8.7 d), N1 (2.6 d).
    assert [(c.source, c.subject.key, c.figure) for c in choices] == [
        ("spike", "140105002", "12"),
        ("new_late", "N3", ""),
        ("at_risk", "N2", "50%"),
        ("longest", "O1", "8.7"),
        ("longest", "N1", "2.6"),
    ]


def test_a_long_history_keeps_to_one_page(cat, tmp_path):
    # 30 steps with long unit names: the latest that fit are listed, the rest counted.
    import polars as pl

    n = notice.case_notice(cat, "N3", D)
    at = [datetime(2024, 6, 11, 8) + timedelta(minutes=10 * k) for k in range(30)]
    n.steps = pl.DataFrame(
        {
            "step": ["dispatch", "return"] * 15,
            "at": at,
            "unit": ["小店区北格镇综合行政执法队" * 2] * 30,
        }
    )
    pdf = notice_pdf.build(n, "zh")
    assert pages_and_size(pdf, tmp_path)[0] == 1
    text = pdf_text(pdf, tmp_path)
    listed = re.findall(r"2024-06-11\d\d:\d\d(?:派遣|退回)", text.split("二、办理过程")[1])
    assert listed and listed[-1] == "2024-06-1112:50退回"  # the latest step is kept
    assert f"另有更早的{30 - len(listed)}个环节未列出" in text
    # The date under the centre's name ends above the small print's rule (the first small
    # print line starts with the data version).
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf)
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', bbox)
    date_bottom = max(float(y1) for _, y1, w in words if "2024年6月13日" in w)
    small_top = min(float(y0) for y0, _, w in words if w.startswith("数据版本"))
    assert date_bottom < small_top
