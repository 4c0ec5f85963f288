"""Reference data: ESCAP membership, the BSP indicative list, organisations."""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Field

from tegdesk.core.models.base import Entity, SoftDeletable


class MembershipStatus(StrEnum):
    MEMBER = "member"
    ASSOCIATE = "associate member"


class MemberState(Entity, table=True):
    """A member or associate member of ESCAP (53 + 9)."""

    __tablename__ = "member_state"

    name_en: str = Field(index=True)  # ESCAP's short name: Türkiye, Viet Nam, "Hong Kong, China"
    iso2: str = Field(max_length=2, unique=True)
    iso3: str = Field(max_length=3, unique=True)
    status: str = Field(default=MembershipStatus.MEMBER)  # MembershipStatus
    subregion: str = Field(index=True)

    @property
    def is_associate(self) -> bool:
        return self.status == MembershipStatus.ASSOCIATE


class BspKind(StrEnum):
    CROSS_CUTTING = "cross-cutting"
    THEMATIC = "thematic"


class BspCode(Entity, table=True):
    """An entry of the Bali Strategic Plan's indicative list (para 20): CC01-CC13, TA01-TA19."""

    __tablename__ = "bsp_code"

    code: str = Field(max_length=8, unique=True)
    kind: str  # BspKind
    title_en: str
    title_zh: str


class Organisation(SoftDeletable, table=True):
    """UNEP, UNDP, GEF, an MEA secretariat, a donor, a university, an NGO ... (B3)."""

    __tablename__ = "organisation"

    name: str = Field(index=True)
    acronym: str | None = None
    iati_ref: str | None = Field(default=None, index=True)  # e.g. XM-DAC-41114
    iati_type: str | None = None  # IATI OrganisationType code, e.g. "40" multilateral
    country_iso2: str | None = Field(default=None, max_length=2)
