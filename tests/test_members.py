"""The members table against the public record.

The expected dates below were typed from the cited sources (NATO's
accession news items and contemporary reports listed in sources.csv), not
copied from the table.
"""

from __future__ import annotations

import pandas as pd
import pycountry
import pytest

import natoanalysis as na

FOUNDERS = ["BEL", "CAN", "DNK", "FRA", "ISL", "ITA", "LUX", "NLD", "NOR", "PRT", "GBR", "USA"]
JOINERS = {
    "GRC": "1952-02-18",
    "TUR": "1952-02-18",
    "DEU": "1955-05-06",
    "ESP": "1982-05-30",
    "CZE": "1999-03-12",
    "HUN": "1999-03-12",
    "POL": "1999-03-12",
    "BGR": "2004-03-29",
    "EST": "2004-03-29",
    "LVA": "2004-03-29",
    "LTU": "2004-03-29",
    "ROU": "2004-03-29",
    "SVK": "2004-03-29",
    "SVN": "2004-03-29",
    "ALB": "2009-04-01",
    "HRV": "2009-04-01",
    "MNE": "2017-06-05",
    "MKD": "2020-03-27",
    "FIN": "2023-04-04",
    "SWE": "2024-03-07",
}
WAVES = [1949, 1952, 1955, 1982, 1999, 2004, 2009, 2017, 2020, 2023, 2024]


@pytest.fixture(scope="module")
def members() -> pd.DataFrame:
    return na.load_members()


def test_thirty_two_allies(members):
    assert len(members) == 32
    assert members["iso3"].is_unique


def test_founders(members):
    founders = members[members["is_founder"]]
    assert sorted(founders["iso3"]) == sorted(FOUNDERS)
    # Convention: founders' accession is the Treaty's entry into force.
    assert (founders["accession_date"] == pd.Timestamp("1949-08-24")).all()


@pytest.mark.parametrize(("iso3", "expected"), sorted(JOINERS.items()))
def test_accession_dates_match_sources(members, iso3, expected):
    row = members.set_index("iso3").loc[iso3]
    assert row["accession_date"] == pd.Timestamp(expected)
    assert int(row["wave"]) == int(expected[:4])


def test_wave_is_ordered_category(members):
    dtype = members["wave"].dtype
    assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered
    assert list(dtype.categories) == WAVES
    assert members["wave"].min() == 1949 and members["wave"].max() == 2024


def test_real_dtypes(members):
    assert members["accession_date"].dtype == "datetime64[ns]"
    assert members["is_founder"].dtype == "boolean"
    assert members["iso3"].dtype == "string"


def test_codes_agree_with_pycountry(members):
    for row in members.itertuples():
        country = pycountry.countries.get(alpha_3=row.iso3)
        assert country is not None, row.iso3
        assert country.alpha_2 == row.iso2, row.iso3


def test_regions(members):
    assert sorted(members.loc[members["region"] == "North America", "iso3"]) == ["CAN", "USA"]


def test_member_count_on_a_date(members):
    # What a reader of a June 2024 article can check: 32 allies since Sweden joined.
    def count(day: str) -> int:
        return int((members["accession_date"] <= pd.Timestamp(day)).sum())

    assert count("2024-03-06") == 31
    assert count("2024-06-20") == 32
    assert count("1949-12-31") == 12
    assert count("1990-01-01") == 16
