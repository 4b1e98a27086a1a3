"""The names family (NE01-NE04), its data, its [names] config table and the one romanisation
the project uses (also UT01's)."""
from __future__ import annotations

import csv
import json
import re

import pytest
from click.testing import CliRunner

from mtqa.checks.names.matching import match
from mtqa.checks.registry import all_checks
from mtqa.checks.testing import make_context
from mtqa.cli.main import cli
from mtqa.config import ConfigError, from_mapping, load_config
from mtqa.lang.lexicon import data_path
from mtqa.lang.translit import nominatives, romanise, romanise_nominative
from mtqa.model import Severity

CHECKS = all_checks()
CODES = ("NE01", "NE02", "NE03", "NE04")


def run(mt: str, src: str, prefer: dict | None = None) -> list:
    ctx = make_context(mt, src=src, options={"prefer": prefer or {}})
    return [f for code in CODES for f in CHECKS[code].run(ctx)]


def found(mt: str, src: str, prefer: dict | None = None) -> list[tuple[str, str, str | None]]:
    return [(f.code, mt[f.start:f.end], f.suggestion) for f in run(mt, src, prefer)]


# ---- romanisation and nominatives ---------------------------------------------------------------

@pytest.mark.parametrize("uk, en", [
    ("Згурівка", "Zghurivka"), ("Знам'янка", "Znamianka"), ("Знамʼянка", "Znamianka"), ("Юрій", "Yurii"),
    ("Єнакієве", "Yenakiieve"), ("Запоріжжя", "Zaporizhzhia"), ("Мар\"їнка", "Marinka"),
])
def test_romanise_follows_kmu_2010(uk, en):
    assert romanise(uk) == en


@pytest.mark.parametrize("word, nominative", [
    ("Миколаєві", "Миколаїв"), ("Харкові", "Харків"), ("Балаклії", "Балаклія"), ("Стрийському", "Стрийський"),
    ("Зеленського", "Зеленський"), ("Харківської", "Харківська"), ("Олексія", "Олексій"), ("Ірина", "Ірина"),
])
def test_nominatives_of_inflected_names(word, nominative):
    assert nominatives(word)[0] == nominative


def test_romanise_nominative_of_a_phrase():
    assert romanise_nominative("Стрийському парку") == "Stryiskyi park"
    assert romanise_nominative("у Миколаєві") == "u Mykolaiv"


@pytest.mark.parametrize("mt, suggestion", [
    ("Repairs in Балаклії will take a week.", "Balakliia"),
    ("A concert in Стрийському парку.", "Stryiskyi park"),
    ("Shops in Запоріжжя closed.", "Zaporizhzhia"),
])
def test_ut01_suggests_the_nominative_romanisation(mt, suggestion):
    (f,) = CHECKS["UT01"].run(make_context(mt))
    assert f.suggestion == suggestion


# ---- NE01 Russian-based forms ---------------------------------------------------------------------

@pytest.mark.parametrize("mt, src, span, suggestion", [
    ("The strike hit Kharkov on Monday.", "Удар по Харкову завдали в понеділок.", "Kharkov", "Kharkiv"),
    ("Air defence worked over Kiev.", "Над Києвом працювала ППО.", "Kiev", "Kyiv"),
    ("Shelling of Nikolaev continued.", "Обстріли Миколаєва тривали.", "Nikolaev", "Mykolaiv"),
    ("Dmitry Kovalenko spoke.", "Виступив Дмитро Коваленко.", "Dmitry", "Dmytro"),
    ("Mayor Igor Terekhov opened the park.", "Мер Ігор Терехов відкрив парк.", "Igor", "Ihor"),
    ("General Valery Zaluzhny said so.", "Про це заявив генерал Валерій Залужний.", "Valery", "Valerii"),
    ("A strike on the Kakhovskaya HPP.", "Удар по Каховській ГЕС.", "Kakhovskaya", "Kakhovska"),
    ("Rockets hit the Zaporozhye region.", "Ракети влучили в Запорізьку область.", "Zaporozhye", "Zaporizhzhia"),
])
def test_ne01_flags_russian_based_forms(mt, src, span, suggestion):
    (f,) = run(mt, src)
    assert (f.code, mt[f.start:f.end], f.suggestion, f.severity) == ("NE01", span, suggestion, Severity.MAJOR)
    assert f.family == "names"


@pytest.mark.parametrize("mt, src", [
    ("The strike hit Kharkiv on Monday.", "Удар по Харкову завдали в понеділок."),
    ("Vladimir Putin spoke on Monday.", "У понеділок виступив Володимир Путін."),
    ("Dmitry Peskov declined to comment.", "Дмитро Пєсков відмовився коментувати."),
    ("Kyiv Mayor Vitali Klitschko said so.", "Про це сказав мер Києва Віталій Кличко."),
])
def test_ne01_leaves_standard_forms_and_russians_alone(mt, src):
    assert found(mt, src) == []


# ---- NE02 far romanisations -------------------------------------------------------------------------

def test_ne02_flags_a_misspelled_name_the_dictionary_does_not_know():
    assert found("Coach Roman Bebek left the club.", "Тренер Роман Бебех залишив клуб.") == [
        ("NE02", "Bebek", "Bebekh")]
    # an unknown name declined by guesswork: Kampa for Кампи (genitive of Кампа) is the name
    assert found("The parade went from Kampa.", "Парад пройшов від Кампи.") == []


def test_ne02_flags_a_spelling_far_from_every_accepted_form():
    assert found("Mykhailo Zimbalyuk spoke.", "Виступив Михайло Цимбалюк.") == [("NE02", "Zimbalyuk", "Tsymbaliuk")]
    (f,) = run("Mykhailo Zimbalyuk spoke.", "Виступив Михайло Цимбалюк.")
    assert f.severity is Severity.MINOR


@pytest.mark.parametrize("mt, src", [
    ("Andriy Yermak and Oleksiy Reznikov arrived.", "Прибули Андрій Єрмак і Олексій Резніков."),
    ("Andrii Yermak and Oleksii Reznikov arrived.", "Прибули Андрій Єрмак і Олексій Резніков."),
    ("President Zelensky arrived.", "Прибув президент Зеленський."),
    ("President Zelenskyy arrived.", "Прибув президент Зеленський."),
    ("President Zelenskiy's visit.", "Візит президента Зеленського."),
    ("General Zaluzhny said so.", "Про це заявив генерал Залужний."),
    ("Frank-Walter Steinmeier arrived.", "Прибув Франк-Вальтер Штайнмаєр."),  # a German name keeps its spelling
    ("The talks were held in Lublin.", "Переговори відбулися в Любліні."),
    ("Ports of Berdyansk and Izyum.", "Порти Бердянська та Ізюма."),  # ya/yu for я/ю: an older romanisation
    ("Talks in Jerusalem with the Senate.", "Переговори в Єрусалимі з Сенатом."),  # English names of their own
])
def test_ne02_accepts_usual_variants_and_established_forms(mt, src):
    assert found(mt, src) == []


def test_house_style_is_accepted_and_suggested():
    mt, src = "Mykhailo Zimbalyuk spoke.", "Виступив Михайло Цимбалюк."
    assert found(mt, src, {"Цимбалюк": "Zimbalyuk"}) == []
    assert found(mt, src, {"Цимбалюк": "Tsymbalyuk"}) == [("NE02", "Zimbalyuk", "Tsymbalyuk")]


# ---- NE03 swapped names ---------------------------------------------------------------------------

@pytest.mark.parametrize("mt, src, span, suggestion", [
    ("The match was won by Minsk Football Club.", "Матч виграв ФК «Минай».", "Minsk", "Mynai"),
    ("The museum in Lublin reopened.", "Музей у Луцьку знову відкрився.", "Lublin", "Lutsk"),
])
def test_ne03_flags_a_name_swapped_for_another(mt, src, span, suggestion):
    (f,) = run(mt, src)
    assert (f.code, mt[f.start:f.end], f.suggestion, f.severity) == ("NE03", span, suggestion, Severity.MAJOR)
    assert "Минай" in f.message or "Луцьк" in f.message


@pytest.mark.parametrize("mt, src", [
    ("The match was won by FC Mynai.", "Матч виграв ФК «Минай»."),
    ("The Ministry of Defence reported it.", "Про це повідомило Міністерство оборони."),
    ("Therefore the Kremlin is silent.", "Тому Кремль мовчить."),
    ("The museum reopened.", "Музей у Луцьку знову відкрився."),  # left out, not swapped: no other name
    ("Czech schools enrol children.", "Чеські школи приймають дітей."),
])
def test_ne03_silent_when_the_name_is_there_translated_or_left_out(mt, src):
    assert [c for c, _, _ in found(mt, src)] == []


# ---- NE04 inflected names ------------------------------------------------------------------------

@pytest.mark.parametrize("mt, src, span, suggestion", [
    ("A concert was held in Stryiskomu park.", "Концерт відбувся в Стрийському парку.", "Stryiskomu", "Stryiskyi"),
    ("They met Dorina Rechan.", "Вони зустріли Доріна Речана.", "Dorina", "Dorin"),
    ("People from Buchi came.", "Прийшли люди з Бучі.", "Buchi", "Bucha"),
])
def test_ne04_flags_romanised_inflected_forms(mt, src, span, suggestion):
    (f,) = run(mt, src)
    assert (f.code, mt[f.start:f.end], f.suggestion, f.severity) == ("NE04", span, suggestion, Severity.MAJOR)


@pytest.mark.parametrize("mt, src", [
    ("A concert was held in Stryiskyi Park.", "Концерт відбувся в Стрийському парку."),
    ("Anastasia Denisova spoke.", "Виступила Анастасія Денісова."),  # nominatives, not inflections
    ("People from Bucha came.", "Прийшли люди з Бучі."),
])
def test_ne04_leaves_nominatives_alone(mt, src):
    assert found(mt, src) == []


def test_names_are_matched_sentence_by_aligned_sentence():
    mt = "Dmitry Kovalenko spoke. He left Kharkiv."
    ctx = make_context(mt, src="Виступив Дмитро Коваленко. Він поїхав з Харкова.")
    (f,) = [f for code in CODES for f in CHECKS[code].run(ctx)]
    assert mt[f.start:f.end] == "Dmitry"


def test_no_source_no_names_findings():
    ctx = make_context("The strike hit Kharkov on Monday.")
    assert [f for code in CODES for f in CHECKS[code].run(ctx)] == []


def test_match_reports_kinds():
    kinds = [e.kind for e in match("Удар по Харкову. Матч виграв ФК «Минай».",
                                   "The strike hit Kharkov. The match was won by Minsk Football Club.")]
    assert kinds == ["russian", "swapped"]


# ---- data provenance ------------------------------------------------------------------------------

def _rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in data_path(name).read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("name, latin", [("names/accepted.tsv", ("en",)),
                                         ("names/russian_forms.tsv", ("russian", "standard"))])
def test_names_data_has_provenance_and_clean_columns(name, latin):
    rows = _rows(name)
    assert len(rows) > 30
    seen = set()
    for row in rows:
        assert row["source"].strip(), f"{name}: {row['uk']} has no source"
        assert row["kind"].strip()
        assert re.fullmatch(r"[\u0400-\u04ff'ʼ’\- ]+", row["uk"]), row["uk"]
        for col in latin:
            assert all(v.strip() and not re.search(r"[\u0400-\u04ff]", v) for v in row[col].split("|")), row
        assert row["uk"].lower() not in seen, f"{name}: {row['uk']} twice"
        seen.add(row["uk"].lower())


def test_the_issue_s_russian_forms_are_listed():
    russian = {r for row in _rows("names/russian_forms.tsv") for r in row["russian"].split("|")}
    assert {"Kharkov", "Kiev", "Nikolaev", "Dnepr", "Lugansk", "Zaporozhye", "Lvov", "Vladimir", "Alexei",
            "Dmitry", "Denis", "Irina", "Oleg", "Sergei", "Valery"} <= russian


# ---- the [names] config table ---------------------------------------------------------------------

def test_prefer_table_is_read_from_config(tmp_path):
    (tmp_path / "mtqa.toml").write_text('[names]\nprefer = {"Зеленський" = "Zelenskyy"}\n', encoding="utf-8")
    assert load_config(tmp_path / "mtqa.toml").table("names")["prefer"] == {"Зеленський": "Zelenskyy"}


@pytest.mark.parametrize("table, named", [
    ({"prefr": {}}, "names.prefr"),
    ({"prefer": ["Zelenskyy"]}, "names.prefer"),
    ({"prefer": {"Зеленський": 5}}, "names.prefer.Зеленський"),
    ({"prefer": {"Zelensky": "Zelenskyy"}}, "names.prefer.Zelensky"),
])
def test_bad_names_config_is_an_error_naming_the_key(table, named):
    with pytest.raises(ConfigError, match=re.escape(named)):
        from_mapping({"names": table}, "mtqa.toml")


def test_bad_names_config_exits_2_naming_the_key(tmp_path):
    (tmp_path / "a.mt.en.txt").write_text("Kyiv.\n", encoding="utf-8")
    (tmp_path / "mtqa.toml").write_text('[names]\nprefer = {"Зеленський" = 1}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(tmp_path), "--no-cache"])
    assert result.exit_code == 2 and "names.prefer.Зеленський" in result.stderr
    assert "Traceback" not in result.output


# ---- everywhere: checks, explain, outputs, gate -----------------------------------------------------

def test_family_is_listed_and_explained():
    out = CliRunner().invoke(cli, ["checks"]).stdout
    assert all(code in out for code in CODES) and "names" in out
    doc = CliRunner().invoke(cli, ["explain", "NE01"]).stdout
    assert "Russian-based" in doc and "Kharkiv" in doc


@pytest.fixture
def article(tmp_path):
    (tmp_path / "a.mt.en.txt").write_text("The strike hit Kharkov on Monday.\n\nThe match was won by Minsk "
                                          "Football Club.\n", encoding="utf-8")
    (tmp_path / "a.src.uk.txt").write_text("Удар по Харкову завдали в понеділок.\n\nМатч виграв ФК «Минай».\n",
                                           encoding="utf-8")
    return tmp_path


@pytest.mark.models
def test_names_findings_reach_json_csv_html_and_the_gate(article, tmp_path):
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["score", str(article), "--format", "json", "--no-cache"]).stdout)
    codes = [f["code"] for a in data["articles"] for p in a["paragraphs"] for f in p["findings"]]
    assert codes == ["NE01", "NE03"]
    csv_out = runner.invoke(cli, ["score", str(article), "--format", "csv", "--no-cache"]).stdout
    assert "NE01" in csv_out and "Kharkiv" in csv_out
    html = tmp_path / "r.html"
    runner.invoke(cli, ["score", str(article), "--format", "html", "-o", str(html), "--no-cache"])
    page = html.read_text(encoding="utf-8")
    assert 'data-family="names"' in page and "fam-names" in page
    gate = runner.invoke(cli, ["gate", str(article), "--fail-on", "critical", "--no-cache"])
    assert gate.exit_code == 0, gate.output
    (article / "mtqa.toml").write_text('[gate]\nfail-on = "none"\nmax-per-1k-words = { names = 10 }\n',
                                       encoding="utf-8")
    gate = runner.invoke(cli, ["gate", str(article), "--no-cache"])
    assert gate.exit_code == 1 and "names finding" in gate.stdout
