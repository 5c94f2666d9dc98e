"""The demo company's skill taxonomy and job families (each with a skill profile).

A job family's profile weights the skills its people can teach, so co-occurrence is
realistic: a data engineer lists SQL far more often than watercolour. Plain data, no Django.
"""

from __future__ import annotations

from typing import NamedTuple


class SkillSpec(NamedTuple):
    name: str
    category: str
    synonyms: tuple[str, ...]


# One skill a line: category | name | synonyms (comma separated, may be empty).
_SKILLS = """
Programming | Python | py, python3
Programming | Java | jvm
Programming | JavaScript | js, ecmascript
Programming | TypeScript | ts
Programming | Go | golang
Programming | Rust |
Programming | C++ | cpp
Programming | C# | csharp, .net
Programming | Kotlin |
Programming | Swift | ios development
Programming | Scala |
Programming | Ruby | rails, ruby on rails
Programming | PHP |
Programming | R | r language, rstats
Programming | Bash | shell scripting
Software | React | reactjs
Software | Django |
Software | Spring Boot | spring
Software | Node.js | node
Software | GraphQL |
Software | REST API design | rest, api design
Software | Microservices | service-oriented architecture
Software | Distributed systems |
Software | System design | architecture
Software | Code review |
Software | Test automation | automated testing
Software | Performance testing | load testing
Software | Mobile development | android, ios
Software | Accessibility | a11y, wcag
Software | Frontend performance | web vitals
Data | SQL | structured query language, postgres, mysql
Data | Data modeling | dimensional modeling, star schema
Data | Apache Spark | spark, pyspark
Data | Apache Airflow | airflow
Data | dbt | data build tool
Data | Apache Kafka | kafka, event streaming
Data | Data warehousing | snowflake, bigquery, redshift
Data | ETL pipelines | elt, data pipelines
Data | Data quality | data validation
Data | Data governance | data catalog
Data | pandas | dataframes
Data | Tableau |
Data | Power BI | powerbi
Data | Looker | lookml
Data | Excel | spreadsheets
Data | Statistics | statistical analysis
Data | A/B testing | experimentation, experiment design
Data | Data visualization | dataviz, charts
Data | Causal inference |
Data | Forecasting | time series
ML & AI | Machine learning | ml
ML & AI | Deep learning | neural networks
ML & AI | PyTorch | torch
ML & AI | TensorFlow | tf, keras
ML & AI | Natural language processing | nlp
ML & AI | Computer vision | cv, image recognition
ML & AI | MLOps | model deployment
ML & AI | Large language models | llm, generative ai
ML & AI | Recommender systems | recommendations
ML & AI | Feature engineering |
Infrastructure | Kubernetes | k8s
Infrastructure | Docker | containers
Infrastructure | Terraform | infrastructure as code, iac
Infrastructure | AWS | amazon web services
Infrastructure | Google Cloud | gcp
Infrastructure | Azure | microsoft azure
Infrastructure | Linux | unix
Infrastructure | Networking | tcp/ip, dns
Infrastructure | Observability | monitoring, prometheus, grafana
Infrastructure | Incident management | on-call, incident response
Infrastructure | CI/CD | continuous integration, continuous delivery
Infrastructure | PostgreSQL administration | dba, database administration
Infrastructure | Site reliability | sre, slos
Security | Application security | appsec, owasp
Security | Threat modeling |
Security | Identity and access management | iam, sso
Security | Penetration testing | pentesting, ethical hacking
Security | Cloud security |
Security | Security compliance | soc 2, iso 27001
Security | Cryptography |
Product | Product strategy | product vision
Product | Roadmapping | roadmaps
Product | User stories | requirements, backlog
Product | Product discovery | discovery
Product | Agile | scrum, kanban
Product | Product analytics | amplitude, mixpanel
Product | Pricing | monetization
Design | User research | ux research, usability testing
Design | Interaction design | ixd
Design | Visual design | ui design
Design | Figma |
Design | Prototyping | wireframing
Design | Design systems | component libraries
Design | Information architecture |
Design | Content design | ux writing
Design | Service design | journey mapping
Sales | Enterprise sales | b2b sales
Sales | Negotiation | deal negotiation
Sales | Salesforce | crm
Sales | Prospecting | lead generation, outbound
Sales | Account management | key accounts
Sales | Solution selling | consultative selling
Sales | Sales forecasting | pipeline management
Sales | Technical demos | product demos
Customer | Customer onboarding | implementation
Customer | Customer support | help desk
Customer | Zendesk |
Customer | Churn reduction | retention
Customer | Escalation handling |
Marketing | Content marketing | blogging
Marketing | SEO | search engine optimization
Marketing | Paid acquisition | sem, ppc, paid social
Marketing | Brand strategy | branding
Marketing | Product marketing | positioning, go-to-market
Marketing | Marketing automation | hubspot, marketo
Marketing | Event marketing | field marketing
Marketing | Social media | community management
Marketing | Copywriting |
Finance | Financial modeling | fp&a
Finance | Budgeting | budget planning
Finance | Accounting | bookkeeping, gaap
Finance | Financial reporting | ifrs
Finance | Tax |
Finance | Procurement | purchasing, sourcing
Finance | Audit | internal audit
Legal | Contract negotiation | contracts
Legal | Privacy law | gdpr, ccpa
Legal | Employment law |
Legal | Intellectual property | ip, patents
Legal | Regulatory compliance | compliance
People | Recruiting | talent acquisition, hiring
People | Interviewing | structured interviews
People | Employee relations |
People | Compensation | total rewards
People | Learning and development | l&d, training
People | Diversity and inclusion | dei, inclusion
People | People analytics | hr analytics, workforce analytics
People | Organizational design | org design
Operations | Project management | pmp
Operations | Program management | tpm
Operations | Process improvement | lean, six sigma
Operations | Vendor management |
Operations | Supply chain | logistics
Operations | IT support | service desk
Operations | Workplace operations | facilities
Leadership | People management | managing people
Leadership | Coaching | mentoring
Leadership | Giving feedback | feedback
Leadership | Strategic thinking | strategy
Leadership | Stakeholder management |
Leadership | Change management |
Leadership | Hiring managers' toolkit | hiring
Leadership | Inclusive leadership |
Communication | Public speaking | presenting
Communication | Technical writing | documentation
Communication | Storytelling |
Communication | Facilitation | workshops
Communication | Business writing | writing
Career | Career planning | career growth
Career | Time management | productivity
Career | Professional networking | networking events
Career | Work-life balance | wellbeing
Personal | Watercolour | watercolor, painting
Personal | Photography |
Personal | Guitar |
Personal | Running | marathon
Personal | Cooking |
Personal | Chess |
Personal | Gardening |
Personal | Yoga |
Personal | Pottery | ceramics
Personal | Rock climbing | bouldering
"""


def _parse_skills(text: str) -> tuple[SkillSpec, ...]:
    specs = []
    for line in text.strip().splitlines():
        category, name, synonyms = (part.strip() for part in line.split("|"))
        specs.append(SkillSpec(name, category, tuple(s.strip() for s in synonyms.split(",") if s)))
    return tuple(specs)


SKILLS: tuple[SkillSpec, ...] = _parse_skills(_SKILLS)

# Skills anyone may teach or want to learn, whatever their job.
GENERAL_CATEGORIES = ("Leadership", "Communication", "Career")
PERSONAL_CATEGORY = "Personal"


class FamilySpec(NamedTuple):
    name: str
    noun: str  # what one person in the family is called: "Data Engineer"
    manager: str  # the title of someone leading a team of them: "Engineering Manager"
    profile: tuple[tuple[str, int], ...]  # skill name → weight


# One family a line: name | noun | manager title | skill weights.
_FAMILIES = """
Software Engineering | Software Engineer | Engineering Manager | Python 6, Java 6, JavaScript 6, \
TypeScript 5, Go 4, Kotlin 2, C++ 2, React 5, Django 2, Spring Boot 3, Node.js 3, \
REST API design 6, Microservices 4, Distributed systems 4, System design 6, Code review 6, \
Test automation 4, SQL 4, Docker 4, Kubernetes 2, CI/CD 4, AWS 3, GraphQL 2, Rust 1
Frontend Engineering | Frontend Engineer | Engineering Manager | JavaScript 9, TypeScript 9, \
React 9, GraphQL 4, Accessibility 6, Frontend performance 6, Test automation 4, Code review 5, \
Design systems 4, Node.js 3, REST API design 3, Figma 2, CI/CD 2
Mobile Engineering | Mobile Engineer | Engineering Manager | Swift 8, Kotlin 8, Java 4, \
Mobile development 9, React 2, REST API design 4, Test automation 4, Accessibility 3, \
Code review 5, CI/CD 3, GraphQL 2
Data Engineering | Data Engineer | Data Engineering Manager | SQL 10, Python 9, \
Apache Spark 7, Apache Airflow 6, dbt 6, Apache Kafka 5, Data modeling 7, \
Data warehousing 7, ETL pipelines 8, Data quality 5, Data governance 3, Scala 3, \
Java 2, AWS 4, Google Cloud 3, Docker 3, Kubernetes 2, pandas 4, Bash 3, \
PostgreSQL administration 2, Terraform 2
Data Science | Data Scientist | Data Science Manager | Python 9, SQL 9, R 5, Statistics 9, \
A/B testing 7, Causal inference 5, pandas 8, Machine learning 7, Data visualization 6, \
Forecasting 5, Tableau 3, Looker 2, Feature engineering 4, Storytelling 3
Machine Learning | Machine Learning Engineer | Machine Learning Manager | Python 10, \
Machine learning 10, Deep learning 8, PyTorch 8, TensorFlow 5, MLOps 7, \
Natural language processing 5, Computer vision 4, Large language models 6, \
Recommender systems 4, Feature engineering 6, SQL 5, Kubernetes 3, Docker 4, \
Apache Spark 3, Statistics 4, Distributed systems 3
Data Analytics | Data Analyst | Analytics Manager | SQL 10, Excel 8, Tableau 7, Power BI 6, \
Looker 6, Data visualization 8, Statistics 5, Python 4, A/B testing 4, Storytelling 4, \
Product analytics 4, dbt 3, Data modeling 3
Site Reliability Engineering | Site Reliability Engineer | SRE Manager | Kubernetes 9, \
Docker 8, Terraform 8, AWS 7, Google Cloud 4, Azure 3, Linux 9, Networking 6, \
Observability 9, Incident management 9, CI/CD 7, Site reliability 9, Go 5, Python 5, Bash 7, \
PostgreSQL administration 4, Distributed systems 4, Cloud security 2
Security Engineering | Security Engineer | Security Manager | Application security 9, \
Threat modeling 8, Identity and access management 7, Penetration testing 6, \
Cloud security 7, Security compliance 6, Cryptography 4, Linux 5, Networking 5, Python 5, \
Go 2, AWS 4, Incident management 4, Kubernetes 2
Quality Engineering | Quality Engineer | Quality Engineering Manager | Test automation 10, \
Performance testing 7, Python 5, Java 5, JavaScript 5, CI/CD 6, SQL 4, Agile 4, \
Accessibility 3, Mobile development 2
IT | IT Specialist | IT Manager | IT support 10, Identity and access management 6, \
Networking 6, Linux 4, Azure 4, Vendor management 4, Bash 3, Security compliance 3, \
Project management 3, Workplace operations 2
Product Management | Product Manager | Group Product Manager | Product strategy 9, \
Roadmapping 9, User stories 8, Product discovery 8, Agile 7, Product analytics 7, \
A/B testing 5, Stakeholder management 7, SQL 4, Pricing 3, User research 4, \
Storytelling 4, Strategic thinking 5, Public speaking 3
Technical Program Management | Technical Program Manager | TPM Manager | \
Program management 10, Project management 9, Agile 8, Stakeholder management 8, \
Roadmapping 5, System design 3, Change management 4, Facilitation 5, Business writing 4
Product Design | Product Designer | Design Manager | Interaction design 9, Visual design 8, \
Figma 10, Prototyping 9, Design systems 7, User research 6, Information architecture 5, \
Accessibility 5, Service design 3, Content design 3, Facilitation 3, Storytelling 3
UX Research | UX Researcher | Research Manager | User research 10, Statistics 4, \
Interviewing 5, Service design 5, Facilitation 7, Storytelling 6, Information architecture 3, \
Product discovery 6, Data visualization 3, Business writing 4
Content Design | Content Designer | Content Design Manager | Content design 10, \
Copywriting 7, Information architecture 6, Technical writing 6, Accessibility 4, \
User research 3, Figma 4, Business writing 6
Sales | Account Executive | Sales Manager | Enterprise sales 9, Negotiation 9, \
Salesforce 8, Prospecting 8, Account management 6, Solution selling 8, \
Sales forecasting 6, Public speaking 5, Storytelling 4, Professional networking 5, \
Stakeholder management 4, Contract negotiation 3
Sales Engineering | Solutions Engineer | Solutions Engineering Manager | Technical demos 10, \
Solution selling 7, REST API design 5, System design 4, Python 4, SQL 5, AWS 4, \
Public speaking 6, Salesforce 3, Security compliance 3, Enterprise sales 4
Customer Success | Customer Success Manager | Customer Success Director | \
Account management 8, Customer onboarding 9, Churn reduction 8, Salesforce 5, \
Escalation handling 6, Stakeholder management 6, Product analytics 3, Excel 4, \
Facilitation 4, Negotiation 3
Customer Support | Support Specialist | Support Manager | Customer support 10, Zendesk 9, \
Escalation handling 8, Technical writing 4, SQL 3, Customer onboarding 3, Excel 3, \
Process improvement 3
Marketing | Marketing Manager | Marketing Director | Content marketing 7, SEO 6, \
Paid acquisition 6, Brand strategy 6, Product marketing 7, Marketing automation 6, \
Event marketing 5, Social media 6, Copywriting 6, Data visualization 2, Excel 3, \
Storytelling 6, A/B testing 3, Public speaking 3
Finance | Financial Analyst | Finance Manager | Financial modeling 10, Budgeting 9, \
Excel 10, Forecasting 7, Financial reporting 7, SQL 4, Power BI 4, Pricing 3, \
Stakeholder management 3, Tableau 2
Accounting | Accountant | Accounting Manager | Accounting 10, Financial reporting 9, \
Tax 7, Audit 7, Excel 9, Budgeting 4, Procurement 2, Process improvement 3
Procurement | Procurement Specialist | Procurement Manager | Procurement 10, \
Vendor management 9, Contract negotiation 7, Negotiation 6, Excel 6, Supply chain 5, \
Budgeting 3, Process improvement 3
Legal | Counsel | Legal Director | Contract negotiation 10, Privacy law 7, \
Employment law 6, Intellectual property 6, Regulatory compliance 8, Negotiation 5, \
Business writing 6, Security compliance 2
Recruiting | Recruiter | Recruiting Manager | Recruiting 10, Interviewing 9, \
Professional networking 7, Diversity and inclusion 6, Negotiation 4, Social media 3, \
Stakeholder management 4, Storytelling 3, Employment law 2
People Partnering | People Partner | People Partner Director | Employee relations 9, \
Organizational design 7, Change management 7, Coaching 7, Employment law 6, \
Compensation 5, Diversity and inclusion 6, Facilitation 5, Learning and development 5, \
Giving feedback 5
People Analytics | People Analyst | People Analytics Manager | People analytics 10, SQL 8, \
Statistics 7, Excel 7, Tableau 5, Power BI 4, Python 5, R 4, Data visualization 6, \
Causal inference 3, Diversity and inclusion 4, Compensation 3
Learning and Development | Learning Partner | Learning Director | \
Learning and development 10, Facilitation 9, Coaching 8, Public speaking 6, \
Inclusive leadership 5, Change management 4, Storytelling 5, Career planning 4
Operations | Operations Analyst | Operations Manager | Process improvement 9, \
Project management 8, Excel 7, Vendor management 5, Supply chain 5, SQL 4, \
Workplace operations 6, Stakeholder management 5, Budgeting 3
"""


def _parse_families(text: str) -> tuple[FamilySpec, ...]:
    specs = []
    for line in text.strip().splitlines():
        name, noun, manager, profile = (part.strip() for part in line.split("|"))
        weights = []
        for item in profile.split(","):
            skill, _, weight = item.strip().rpartition(" ")
            weights.append((skill, int(weight)))
        specs.append(FamilySpec(name, noun, manager, tuple(weights)))
    return tuple(specs)


FAMILIES: tuple[FamilySpec, ...] = _parse_families(_FAMILIES)

# Leadership skills people who lead a team often teach.
MANAGER_SKILLS = (
    ("People management", 8),
    ("Coaching", 7),
    ("Giving feedback", 6),
    ("Hiring managers' toolkit", 5),
    ("Stakeholder management", 5),
    ("Strategic thinking", 4),
    ("Inclusive leadership", 4),
    ("Change management", 3),
)

# Ladder titles by level rank: (prefix, suffix) around the family's noun.
LADDER: dict[int, tuple[str, str]] = {
    1: ("Associate ", ""),
    2: ("", ""),
    3: ("", " II"),
    4: ("Senior ", ""),
    5: ("Staff ", ""),
    6: ("Senior Staff ", ""),
    7: ("Principal ", ""),
    8: ("Senior Principal ", ""),
    9: ("Distinguished ", ""),
    10: ("Fellow, ", ""),
    11: ("Senior Fellow, ", ""),
    12: ("Senior Fellow, ", ""),
}

# Share of people per level among everyone who is not leading a unit (L1 … L9).
LEVEL_PYRAMID: tuple[int, ...] = (11, 19, 22, 19, 13, 8, 5, 2, 1)
