"""Archive text (1975-1999) names leaders the current base would not know: spot checks of
the people_zhistory_*.yaml files."""

import pytest

from flashpoint.actors import load_knowledge_base


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


@pytest.mark.parametrize(
    ("text", "date", "name", "code"),
    [
        ("Pakistan President Mohammad Zia-Ul-Haq", "1987-05-01", "Muhammad Zia-ul-Haq", "PAKGOV"),
        ("President Mobutu", "1990-01-01", "Mobutu Sese Seko", "CODGOV"),
        ("Afghan leader Najibullah", "1989-01-01", "Mohammad Najibullah", "AFGGOV"),
        ("the Zairean president", "1990-01-01", "Mobutu Sese Seko", "CODGOV"),
        ("Gadhafi", "1986-04-15", "Muammar Gaddafi", "LBYGOV"),
        ("Rafsanjani", "1992-01-01", "Akbar Hashemi Rafsanjani", "IRNGOV"),
        ("the Iranian president", "1985-01-01", "Ali Khamenei", "IRNGOV"),
        ("President Assad", "1990-01-01", "Hafez al-Assad", "SYRGOV"),
        ("President Marcos", "1983-01-01", "Ferdinand Marcos", "PHLGOV"),
        ("the Japanese prime minister", "1990-01-01", "Toshiki Kaifu", "JPNGOV"),
        ("the Israeli prime minister", "1985-01-01", "Shimon Peres", "ISRGOV"),
        ("the Zimbabwean prime minister", "1984-01-01", "Robert Mugabe", "ZWEGOV"),
        ("King Hussein", "1990-01-01", "Hussein of Jordan", "JORGOV"),
        ("Yemeni President Ali Abdullah Saleh", "1985-01-01", "Ali Abdullah Saleh", "YEMGOV"),
        ("President Mitterrand", "1988-01-01", "François Mitterrand", "FRAGOV"),
        ("Soviet leader Mikhail Gorbachev", "1989-01-01", "Mikhail Gorbachev", "RUSGOV"),
        ("President Bush", "1990-06-01", "George H. W. Bush", "USAGOV"),
        ("President Bush", "2003-06-01", "George W. Bush", "USAGOV"),
    ],
)
def test_an_archive_leader_named_in_a_dated_sentence_resolves_to_the_office_then(kb, text, date, name, code):
    actor = kb.resolve(text, date)
    assert actor is not None and (actor.name, actor.code) == (name, code)


@pytest.mark.parametrize(
    ("country", "kind", "date", "name"),
    [
        ("NGA", "head_of_state", "1995-01-01", "Sani Abacha"),
        ("IND", "head_of_government", "1985-01-01", "Rajiv Gandhi"),
        ("CHN", "head_of_government", "1990-01-01", "Li Peng"),
        ("EGY", "head_of_state", "1979-03-26", "Anwar Sadat"),
        ("KOR", "head_of_state", "1985-01-01", "Chun Doo-hwan"),
        ("TUN", "head_of_state", "1980-01-01", "Habib Bourguiba"),
    ],
)
def test_the_office_holder_of_an_archive_date_is_known(kb, country, kind, date, name):
    assert kb.leader(country, kind, date) == name
