"""The demo's groups, regions, nonprofits and partners: plain data, no Django."""

from __future__ import annotations

from dataclasses import dataclass

from belong.groups.choices import Visibility as V


@dataclass(frozen=True)
class GroupSpec:
    name: str
    slug: str
    mission: str
    pillars: tuple[str, ...]
    share: float  # of current employees who join
    allies: float  # of those, the share joining as allies
    roster: str = V.MEMBERS
    private: bool = False
    official: bool = True


GROUPS: tuple[GroupSpec, ...] = (
    GroupSpec(
        "Women's Network",
        "womens-network",
        "Advance women's careers through sponsorship, mentoring and fair practices.",
        ("recruit", "engage", "develop", "advocate"),
        0.16,
        0.3,
        V.EVERYONE,
    ),
    GroupSpec(
        "Black Employee Network",
        "black-employee-network",
        "Build community, grow Black talent and leaders, and partner with HBCUs.",
        ("recruit", "engage", "develop", "advocate"),
        0.07,
        0.35,
    ),
    GroupSpec(
        "Somos: Latinx Network",
        "somos",
        "Celebrate Latinx cultures and open doors for Latinx talent.",
        ("recruit", "engage", "develop"),
        0.07,
        0.3,
    ),
    GroupSpec(
        "Asian & Pacific Islander Network",
        "api-network",
        "Connect Asian and Pacific Islander colleagues and grow leaders.",
        ("engage", "develop", "advocate"),
        0.08,
        0.25,
    ),
    GroupSpec(
        "Pride",
        "pride",
        "A safe, visible community for LGBTQ+ people and their allies.",
        ("engage", "advocate"),
        0.08,
        0.45,
        V.MEMBERS,
        private=True,
    ),
    GroupSpec(
        "Disability & Neurodiversity Network",
        "disability-neurodiversity",
        "Make work accessible and support disabled and neurodivergent colleagues.",
        ("engage", "advocate"),
        0.05,
        0.4,
        V.LEADERS,
        private=True,
    ),
    GroupSpec(
        "Veterans Network",
        "veterans",
        "Help veterans and military families thrive, and hire from the service.",
        ("recruit", "engage"),
        0.03,
        0.3,
        V.LEADERS,
        private=True,
    ),
    GroupSpec(
        "Parents & Caregivers",
        "parents-caregivers",
        "Support working parents and caregivers, and improve family policies.",
        ("engage", "advocate"),
        0.1,
        0.15,
        V.EVERYONE,
    ),
    GroupSpec(
        "Interfaith Network",
        "interfaith",
        "Foster understanding between faiths and worldviews at work.",
        ("engage",),
        0.04,
        0.3,
    ),
    GroupSpec(
        "Indigenous Peoples Network",
        "indigenous-peoples",
        "Honour Indigenous cultures and grow Indigenous talent.",
        ("recruit", "engage", "advocate"),
        0.02,
        0.5,
    ),
    GroupSpec(
        "MENA Network",
        "mena",
        "Connect colleagues with roots in the Middle East and North Africa.",
        ("engage", "develop"),
        0.03,
        0.3,
    ),
    GroupSpec(
        "Early Careers Network",
        "early-careers",
        "Help people in their first years find mentors, skills and friends.",
        ("develop", "engage"),
        0.09,
        0.1,
        V.EVERYONE,
        official=False,
    ),
    GroupSpec(
        "Mental Health Allies",
        "mental-health-allies",
        "Break the stigma around mental health and point people to help.",
        ("engage", "advocate"),
        0.06,
        0.6,
        V.MEMBERS,
        official=False,
    ),
)

REGIONS = {
    "Americas": {"US", "CA", "MX", "BR", "AR"},
    "Europe": {"GB", "IE", "FR", "DE", "NL", "ES", "PT", "PL", "SE"},
    "Middle East & Africa": {"IL", "KE", "ZA"},
    "Asia Pacific": {"IN", "SG", "JP", "AU", "PH"},
}
NONPROFITS = (
    "Code for Good",
    "Open Shelter",
    "Food Bank Alliance",
    "Girls Who Build",
    "Trevor Helpline",
    "Access Works",
    "Veterans Bridge",
    "Literacy Now",
    "Green Streets",
    "First Gen Scholars",
)
PARTNERS = (
    ("Society of Engineers", "recruiting"),
    ("Tech Talent Collective", "recruiting"),
    ("City Youth League", "community"),
    ("Campus Connect", "recruiting"),
    ("Neighbourhood Arts", "community"),
    ("Hope Foundation", "nonprofit"),
)
CHAPTER_TITLES = ("Chapter lead", "Strategy director", "Chief of communications")
YEARS = 3
