"""The demo company's org chart outline: divisions, departments and areas with their job mix.

Below an area the generator adds teams (named from the area's list) and squads, as deep as
the headcount needs. Plain data, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

COMPANY = "Acme"
CEO_TITLE = "Chief Executive Officer"


@dataclass(frozen=True)
class AreaSpec:
    name: str
    families: tuple[tuple[str, int], ...]  # job family name → weight
    teams: tuple[str, ...]


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    areas: tuple[AreaSpec, ...] = field(default=())


@dataclass(frozen=True)
class DivisionSpec:
    name: str
    head_title: str
    weight: int  # relative headcount
    departments: tuple[DepartmentSpec, ...] = field(default=())


# Division: "name | head title | weight"; department: indented 2; area: indented 4,
# "name | family weights | team names". The first entries come first for small companies.
_OUTLINE = """
Engineering | Chief Technology Officer | 34
  Platform
    Data | Data Engineering 7, Software Engineering 2, Data Analytics 1 \
        | Ingestion, Warehouse, Streaming, Lakehouse, Data Quality, Catalog
    Infrastructure | Site Reliability Engineering 6, Software Engineering 3 \
        | Compute, Storage, Networking, Observability, Databases
    Developer Experience | Software Engineering 7, Quality Engineering 2, \
        Site Reliability Engineering 1 \
        | Build, CI, Tooling, Docs Platform
  Applications
    Web | Frontend Engineering 6, Software Engineering 3, Quality Engineering 1 \
        | Checkout, Search, Accounts, Growth, Design System
    Mobile | Mobile Engineering 7, Quality Engineering 2, Software Engineering 1 \
        | iOS, Android, Mobile Platform
    Services | Software Engineering 8, Quality Engineering 1 \
        | Payments, Orders, Notifications, Identity, Billing
  Intelligence
    Machine Learning | Machine Learning 7, Data Science 2, Data Engineering 1 \
        | Ranking, Personalisation, Language, Vision, ML Platform
    Analytics | Data Analytics 6, Data Science 4 \
        | Product Analytics, Finance Analytics, Experimentation
  Security
    Security Engineering | Security Engineering 9, Site Reliability Engineering 1 \
        | AppSec, Cloud Security, Detection, Identity Security
    Trust | Security Engineering 5, Legal 2, Software Engineering 3 \
        | Compliance, Privacy Engineering, Risk
Sales | Chief Revenue Officer | 16
  Americas Sales
    North America | Sales 8, Sales Engineering 2 \
        | Enterprise East, Enterprise West, Commercial, Public Sector
    Latin America | Sales 8, Sales Engineering 2 | Brazil, Mexico, Southern Cone
  EMEA Sales
    Northern Europe | Sales 8, Sales Engineering 2 | UK and Ireland, Nordics, Benelux
    Central and Southern Europe | Sales 8, Sales Engineering 2 | DACH, France, Iberia, Poland
  APAC Sales
    Asia | Sales 8, Sales Engineering 2 | India, Japan, Southeast Asia
    Oceania | Sales 8, Sales Engineering 2 | Australia, New Zealand
Product | Chief Product Officer | 9
  Core Product
    Commerce | Product Management 5, Technical Program Management 2, Product Design 3 \
        | Checkout, Catalog, Pricing
    Platform Product | Product Management 5, Technical Program Management 4, Product Design 1 \
        | APIs, Integrations, Admin
  Design
    Product Design | Product Design 8, Content Design 2 | Consumer, Business, Design Ops
    Research | UX Research 9, Product Design 1 | Insights, Usability
Customer | Chief Customer Officer | 10
  Customer Success
    Enterprise Success | Customer Success 9, Sales Engineering 1 \
        | Strategic Accounts, Onboarding, Renewals
    Scaled Success | Customer Success 8, Customer Support 2 | Digital Success, Community
  Support
    Technical Support | Customer Support 9, Software Engineering 1 | Tier 1, Tier 2, Escalations
    Support Operations | Customer Support 6, Operations 4 | Knowledge, Workforce Planning
Marketing | Chief Marketing Officer | 7
  Growth Marketing
    Demand Generation | Marketing 10 | Paid, Lifecycle, Web
    Field Marketing | Marketing 10 | Events, Partners
  Brand
    Brand and Communications | Marketing 8, Content Design 2 | Creative, Communications, Social
    Product Marketing | Marketing 9, Product Management 1 | Launches, Competitive Intelligence
Operations | Chief Operating Officer | 8
  Business Operations
    Strategy and Planning | Operations 7, Finance 2, Data Analytics 1 \
        | Planning, Business Intelligence
    Program Office | Technical Program Management 7, Operations 3 | Transformation, Portfolio
  Workplace
    Workplace Services | Operations 9, Procurement 1 \
        | Americas Workplace, EMEA Workplace, APAC Workplace
    IT | IT 10 | Service Desk, End User Computing, Enterprise Apps
People | Chief People Officer | 6
  Talent
    Recruiting | Recruiting 10 | Technical Recruiting, Business Recruiting, Campus
    Learning | Learning and Development 10 | Leadership Development, Onboarding Programs
  People Operations
    People Partners | People Partnering 10 | Engineering Partners, Business Partners
    People Analytics | People Analytics 9, Data Analytics 1 | Workforce Insights, Surveys
    Total Rewards | People Partnering 5, People Analytics 2, Finance 3 | Compensation, Benefits
Finance | Chief Financial Officer | 6
  Financial Planning
    FP&A | Finance 10 | Corporate FP&A, Business Finance
    Treasury | Finance 8, Accounting 2 | Cash, Investor Relations
  Controllership
    Accounting | Accounting 10 | General Ledger, Revenue, Payables
    Procurement | Procurement 9, Operations 1 | Sourcing, Vendor Risk
Legal | General Counsel | 4
  Legal Affairs
    Commercial Legal | Legal 10 | Sales Contracts, Partnerships
    Privacy and Regulatory | Legal 8, Security Engineering 2 | Privacy, Regulatory
  Corporate Legal
    Employment Legal | Legal 10 | Employment, Immigration
    Intellectual Property | Legal 10 | Patents, Trademarks
"""


def _parse_outline(text: str) -> tuple[DivisionSpec, ...]:
    divisions: list[DivisionSpec] = []
    for line in text.strip("\n").splitlines():
        indent = len(line) - len(line.lstrip())
        parts = [p.strip() for p in line.split("|")]
        if indent == 0:
            divisions.append(DivisionSpec(parts[0], parts[1], int(parts[2])))
        elif indent == 2:
            division = divisions[-1]
            departments = (*division.departments, DepartmentSpec(parts[0]))
            divisions[-1] = DivisionSpec(
                division.name, division.head_title, division.weight, departments
            )
        else:
            families = []
            for item in parts[1].split(","):
                family, _, weight = item.strip().rpartition(" ")
                families.append((family, int(weight)))
            area = AreaSpec(
                parts[0], tuple(families), tuple(t.strip() for t in parts[2].split(","))
            )
            division = divisions[-1]
            last = division.departments[-1]
            department = DepartmentSpec(last.name, (*last.areas, area))
            divisions[-1] = DivisionSpec(
                division.name,
                division.head_title,
                division.weight,
                (*division.departments[:-1], department),
            )
    return tuple(divisions)


DIVISIONS: tuple[DivisionSpec, ...] = _parse_outline(_OUTLINE)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Names for squads, the smallest units, and for extra teams once an area's list runs out.
SQUAD_NAMES: tuple[str, ...] = _words(
    """
    Aurora Basalt Beacon Birch Bluebird Cascade Cedar Comet Condor Coral Crane Cypress Delta
    Ember Falcon Fjord Gale Garnet Glacier Granite Harbor Heron Horizon Ibis Indigo Jade
    Juniper Kestrel Kite Lagoon Lark Linden Lotus Lynx Magnolia Maple Mesa Meteor Nebula
    Nova Oak Onyx Orca Orion Osprey Otter Pebble Pelican Pine Polaris Prism Quartz Quasar
    Raven Redwood Ridge Robin Sage Sequoia Sierra Sparrow Spruce Summit Swift Tern Thistle
    Tundra Vega Willow Wren Zephyr Zenith
    """
)
