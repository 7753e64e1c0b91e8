"""Language detection: paragraphs written for these tests, short texts, and the stage's warning."""

from __future__ import annotations

import pytest

from parallax.model import RawInput
from parallax.pipeline import Context, Doc
from parallax.text import detect_language, language_stage

PARAGRAPHS = {
    "en": "The city council voted on Tuesday to close the old bridge until repairs are finished. "
    "Drivers will have to use the ring road for at least three months.",
    "ru": "Городской совет во вторник проголосовал за закрытие старого моста до окончания ремонта. "
    "Водителям придётся пользоваться объездной дорогой не меньше трёх месяцев.",
    "uk": "Міська рада у вівторок проголосувала за закриття старого мосту до завершення ремонту. "
    "Водіям доведеться користуватися об'їзною дорогою щонайменше три місяці.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke bis zum Ende der Reparaturen zu sperren. "
    "Autofahrer müssen mindestens drei Monate lang die Umgehungsstraße nutzen.",
    "fr": "Le conseil municipal a voté mardi la fermeture du vieux pont jusqu'à la fin des travaux. "
    "Les automobilistes devront emprunter le périphérique pendant au moins trois mois.",
    "es": "El ayuntamiento votó el martes cerrar el puente viejo hasta que terminen las reparaciones. "
    "Los conductores tendrán que usar la carretera de circunvalación durante al menos tres meses.",
}


@pytest.mark.parametrize("language", sorted(PARAGRAPHS))
def test_paragraphs_are_recognised_with_confidence(language):
    detected, probability = detect_language(PARAGRAPHS[language])
    assert detected == language
    assert probability > 0.5


@pytest.mark.parametrize(
    "text, language",
    [
        ("Переговоры продолжатся завтра.", "ru"),
        ("Переговори триватимуть завтра.", "uk"),
        ("Війна в Україні", "uk"),
        ("Вы это видели?", "ru"),
    ],
)
def test_short_russian_and_ukrainian_are_told_apart(text, language):
    assert detect_language(text)[0] == language


@pytest.mark.parametrize("text", ["The cat sat on the mat.", "Storm Closes Harbour Bridge", "Sign up for our newsletter"])
def test_short_english_is_english(text):
    assert detect_language(text)[0] == "en"


def test_short_foreign_text_is_not_forced_to_english():
    assert detect_language("Merci beaucoup, mes amis")[0] == "fr"
    assert detect_language("Danke schön")[0] == "de"


def test_only_the_start_of_a_long_text_is_needed():
    text = PARAGRAPHS["uk"] + " " + PARAGRAPHS["en"] * 40
    assert detect_language(text)[0] == "uk"


def test_text_without_letters_defaults_to_english_with_no_confidence():
    assert detect_language("2023 — 45,000 / 12.5%") == ("en", 0.0)


def test_detection_is_deterministic():
    assert detect_language(PARAGRAPHS["ru"]) == detect_language(PARAGRAPHS["ru"])


def _run_stage(text: str) -> Doc:
    doc = Doc(RawInput(origin="<test>", text=text, format="text"))
    doc.article.text = text
    language_stage(doc, Context())
    return doc


def test_the_stage_warns_that_analyses_are_unavailable_for_other_languages():
    article = _run_stage(PARAGRAPHS["uk"]).article
    assert article.language == "uk"
    assert len(article.warnings) == 1
    assert "'uk'" in article.warnings[0] and "not available" in article.warnings[0]


def test_the_stage_does_not_warn_for_english_and_records_provenance():
    article = _run_stage(PARAGRAPHS["en"]).article
    assert article.language == "en"
    assert article.warnings == []
    assert "py3langid" in article.provenance["language"]


def test_the_pipeline_skips_english_only_analyses_for_russian():
    from parallax.pipeline import read_text

    article = read_text(PARAGRAPHS["ru"] + "\n\n" + PARAGRAPHS["ru"].replace("совет", "суд"))
    assert article.language == "ru"
    assert article.sentences  # still readable: split into sentences
    assert any("'ru'" in warning for warning in article.warnings)
    assert "entities" in {item.analysis for item in article.unavailable}


def test_the_numpy_walk_gives_py3langid_scores_exactly(monkeypatch):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from parallax.text import language

    fast, _ = language.load_identifiers()
    plain = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    texts = [*PARAGRAPHS.values(), "Війна в Україні", "Danke schön", "x", "", "2023 — 45,000", PARAGRAPHS["en"] * 30]
    for text in texts:
        assert fast._decide(text).tolist() == plain._decide(text).tolist(), text
    # A walk that the check cannot confirm (too little memory) falls back on py3langid's own walk.
    monkeypatch.setattr(language, "_AUTOMATON_MEMORY", (2, 3))
    for text in texts:
        assert fast._decide(text).tolist() == plain._decide(text).tolist(), text


def test_the_news_languages_identifier_scores_like_py3langid_from_row_major_weights():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from parallax.text import language

    _, news = language.load_identifiers()
    plain = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    plain.set_languages(language.NEWS_LANGUAGES)
    for text in [*PARAGRAPHS.values(), "Війна в Україні", "Danke schön", "Talks resume", "2023 — 45,000"]:
        assert news.rank(text) == plain.rank(text), text
    # set_languages may leave its column subset in Fortran order; rows taken from that would copy the
    # whole table for every short text (the thin-evidence path), so the widened copy is row-major.
    assert news._weights_float32().flags["C_CONTIGUOUS"]
