"""Every write SCIM makes: tokens, people (create, replace, deactivate), provisioned groups.

Each write runs in one transaction and leaves a `provisioning` audit event naming the
token that made it; attribute names are logged, never their values.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.accounts.models import ROLE_SCOPES, Role, ScopeKind
from belong.accounts.services import _hash as hash_secret  # the same SHA-256 as API tokens
from belong.accounts.services import role_grant_create, role_grant_revoke
from belong.audit.models import Action, Category
from belong.audit.services import audit_record
from belong.groups.models import LeaderRole, Membership
from belong.groups.services import leader_role_end, membership_leave
from belong.people.models import JobEvent, Level, OrgUnit, Person, Site
from belong.people.queries import forget_filter_choices
from belong.people.services import person_link_user
from belong.scim.models import ProvisionedGroup, ProvisionedMember, ScimToken, ScimUser
from belong.scim.protocol import ScimError
from belong.scim.users import UserInput, user_name_of

SCIM_TOKEN_PREFIX = "scim_"  # noqa: S105 - a public marker, not a secret
User = get_user_model()


# --- tokens -------------------------------------------------------------------------------


def scim_token_create(*, name: str, created_by: Any = None) -> tuple[ScimToken, str]:
    """Returns the token and its secret; the secret is shown once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    secret = SCIM_TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ScimToken.objects.create(
            name=name,
            prefix=secret[len(SCIM_TOKEN_PREFIX) : len(SCIM_TOKEN_PREFIX) + 8],
            key_hash=hash_secret(secret),
            created_by=created_by,
        )
        audit_record(
            actor=created_by,
            category=Category.PROVISIONING,
            action=Action.CREATE,
            target=token,
            detail={"token": name},
        )
    return token, secret


@transaction.atomic
def scim_token_revoke(*, token: ScimToken, revoked_by: Any = None) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=revoked_by,
            category=Category.PROVISIONING,
            action=Action.DELETE,
            target=token,
            detail={"token": token.name},
        )


def scim_token_authenticate(secret: str) -> ScimToken | None:
    if not secret.startswith(SCIM_TOKEN_PREFIX):
        return None
    token = ScimToken.objects.filter(key_hash=hash_secret(secret), revoked_at__isnull=True).first()
    if token is None:
        return None
    now = timezone.now()
    # At most one write a minute: an IdP sync sends thousands of requests.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def _audit(token: ScimToken | None, action: str, target: Any, **detail: Any) -> None:
    audit_record(
        actor=None,
        category=Category.PROVISIONING,
        action=action,
        target=target,
        detail={"via": "scim", "token": token.name if token else "", **detail},
    )


# --- people -------------------------------------------------------------------------------


def _conflict(attribute: str, value_kind: str) -> ScimError:
    return ScimError(
        409, f"'{attribute}' is already used by another user ({value_kind}).", "uniqueness"
    )


def _holder_of_user_name(user_name: str) -> Person | None:
    """The person whose SCIM userName this is (via their account, or their email)."""
    return (
        Person.objects.select_related("user", "scim")
        .filter(Q(user__username__iexact=user_name) | Q(user__isnull=True, email__iexact=user_name))
        .first()
    )


def _check_unique(person: Person | None, data: UserInput, email: str) -> None:
    pk = person.pk if person is not None else 0  # 0: no row has it
    holder = _holder_of_user_name(data.user_name)
    if holder is not None and holder.pk != pk:
        raise _conflict("userName", "sign-in name")
    own_user = (person.user_id if person is not None else None) or 0
    taken = User.objects.filter(username__iexact=data.user_name).exclude(pk=own_user)
    if taken.filter(person__isnull=False).exists():
        raise _conflict("userName", "sign-in name")
    if Person.objects.filter(email__iexact=email).exclude(pk=pk).exists():
        raise _conflict("emails", "work email")
    if (
        data.employee_number
        and Person.objects.filter(employee_id=data.employee_number).exclude(pk=pk).exists()
    ):
        raise _conflict(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
            "employee number",
        )


def _valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return bool(name)


def _site_for(zone: str) -> Site:
    """A new hire's site: one in their time zone, else the first site, else 'Remote'."""
    if _valid_zone(zone):
        site = Site.objects.filter(timezone=zone).order_by("id").first()
        if site is not None:
            return site
    site = Site.objects.order_by("id").first()
    if site is not None:
        return site
    transaction.on_commit(forget_filter_choices)  # the directory lists sites
    return Site.objects.get_or_create(
        city="Remote",
        country_code="ZZ",
        defaults={
            "country": "Remote",
            "timezone": zone if _valid_zone(zone) else settings.TIME_ZONE,
        },
    )[0]


def _org_unit_for(department: str) -> OrgUnit:
    """Match the org tree by full path, then by unit name; otherwise start a new top unit."""
    if department:
        unit = (
            OrgUnit.objects.filter(full_name__iexact=department).first()
            or OrgUnit.objects.filter(name__iexact=department).order_by("depth", "id").first()
        )
        if unit is not None:
            return unit
        name = department
    else:
        unit = OrgUnit.objects.filter(depth=0).order_by("id").first()
        if unit is not None:
            return unit
        name = "Unassigned"
    unit = OrgUnit.objects.create(name=name, full_name=name, depth=0, path="")
    unit.path = str(unit.id)
    unit.save(update_fields=["path"])
    transaction.on_commit(forget_filter_choices)  # the directory lists org units
    return unit


def _check_manager(person_id: int | None, manager_id: int | None) -> None:
    if manager_id is None:
        return
    if manager_id == person_id:
        raise ScimError(400, "'manager.value' cannot be the user themself.", "invalidValue")
    if not Person.objects.filter(pk=manager_id).exists():
        raise ScimError(400, f"'manager.value' names no known user ({manager_id}).", "invalidValue")
    seen: set[int] = set()
    current: int | None = manager_id
    while person_id is not None and current is not None and current not in seen:
        if current == person_id:
            raise ScimError(400, "'manager.value' would make a reporting cycle.", "invalidValue")
        seen.add(current)
        current = Person.objects.filter(pk=current).values_list("manager_id", flat=True).first()


def _sync_account(person: Person, data: UserInput, email: str) -> None:
    """Keep the sign-in account's name, email and active flag in step with the person."""
    user = person.user if person.user_id else None
    if user is None:
        user = User.objects.filter(username__iexact=data.user_name, person__isnull=True).first()
        if user is None:
            user = User(username=data.user_name, email=email)
            user.set_unusable_password()  # people sign in through SSO
            user.save()
        person_link_user(person=person, user_id=user.pk)
        person.user = user
    changed = []
    for attr, value in (
        ("username", data.user_name),
        ("email", email),
        ("is_active", person.is_active),
    ):
        if getattr(user, attr) != value:
            setattr(user, attr, value)
            changed.append(attr)
    if changed:
        try:
            with transaction.atomic():
                user.save(update_fields=changed)
        except IntegrityError:
            raise _conflict("userName", "sign-in name") from None


def _work_email(person: Person | None, data: UserInput, previous: dict[str, Any]) -> str:
    """The primary email; without one, the userName (what IdPs use), unless HR set it."""
    if data.email:
        return data.email
    if person is None or "emails" in previous or not person.email:
        return data.user_name
    return person.email


def _apply(
    person: Person, data: UserInput, previous: dict[str, Any], email: str, today: dt.date
) -> None:
    """Copy the payload onto the person. What the IdP never set is left as HR set it."""
    before = previous.get("enterprise", {})
    if (
        person.pk is None
        or {"name", "displayName"} & data.attributes.keys()
        or {"name", "displayName"} & previous.keys()
    ):
        person.legal_name = data.legal_name[:200]
    if data.display_name or "displayName" in previous:
        person.preferred_name = data.display_name
    if data.title or "title" in previous:
        person.title = data.title
    person.email = email
    if data.employee_number:
        person.employee_id = data.employee_number
    if data.department:
        unit = _org_unit_for(data.department)
        if person.org_unit_id and unit.pk != person.org_unit_id and person.pk:
            JobEvent.objects.create(
                person=person,
                kind=JobEvent.Kind.TRANSFER,
                effective_date=today,
                org_unit=unit,
                title=person.title,
            )
        person.org_unit = unit
    if data.manager_id is not None or "manager" in before:
        person.manager_id = data.manager_id
    person.search_text = person.make_search_text()


def _save_scim(person: Person, data: UserInput, *, restore: bool = False) -> None:
    scim = ScimUser.objects.get_or_create(person=person)[0]
    scim.external_id = data.external_id
    scim.attributes = data.attributes
    if restore:
        scim.removed_at = None
    scim.save()
    person.scim = scim


@transaction.atomic
def scim_user_create(*, data: UserInput, token: ScimToken | None) -> tuple[Person, bool]:
    """Create a person (and their sign-in account); returns (person, created).

    A userName that a SCIM DELETE removed earlier brings that person back instead: Entra
    deletes and re-creates people who leave and return.
    """
    returning = _holder_of_user_name(data.user_name)
    scim = getattr(returning, "scim", None)
    if returning is not None and scim is not None and scim.removed_at is not None:
        person = scim_user_replace(person=returning, data=data, token=token, restore=True)
        return person, False
    today = timezone.localdate()
    email = _work_email(None, data, {})
    _check_unique(None, data, email)
    _check_manager(None, data.manager_id)
    level = Level.objects.order_by("rank").first()
    if level is None:
        raise ScimError(500, "Belong has no levels configured; load reference data first.")
    person = Person(
        employee_id=data.employee_number or f"SCIM-{secrets.token_hex(5).upper()}",
        level=level,
        org_unit=_org_unit_for(data.department),
        site=_site_for(data.timezone),
        hire_date=today,
        exit_date=None if data.active is not False else today,
    )
    _apply(person, data, {}, email, today)
    person.save()
    JobEvent.objects.create(
        person=person,
        kind=JobEvent.Kind.HIRE,
        effective_date=today,
        level=level,
        org_unit=person.org_unit,
        title=person.title,
    )
    if data.active is False:
        JobEvent.objects.create(person=person, kind=JobEvent.Kind.EXIT, effective_date=today)
    _sync_account(person, data, email)
    _save_scim(person, data)
    _audit(token, Action.CREATE, person, attributes=sorted(data.attributes))
    return person, True


@transaction.atomic
def scim_user_replace(
    *, person: Person, data: UserInput, token: ScimToken | None, restore: bool = False
) -> Person:
    """PUT, and PATCH after its operations are applied. Absent `active` means active."""
    today = timezone.localdate()
    scim = getattr(person, "scim", None)
    previous = dict(scim.attributes) if scim is not None and not restore else {}
    email = _work_email(person, data, previous)
    _check_unique(person, data, email)
    _check_manager(person.pk, data.manager_id)
    _apply(person, data, previous, email, today)
    person.save()
    if data.active is False:
        person_deactivate(person=person, today=today)
    elif not person.is_active:
        person_reactivate(person=person)
    _sync_account(person, data, person.email)
    _save_scim(person, data, restore=restore)
    _audit(
        token, Action.UPDATE, person, attributes=sorted(data.attributes), active=person.is_active
    )
    return person


def person_deactivate(*, person: Person, today: dt.date | None = None) -> None:
    """Mark the person exited exactly as a full HR import does, and end their memberships
    and leader roles the way the groups app ends them; sign-in is switched off."""
    day = today or timezone.localdate()
    if person.is_active:
        person.exit_date = day
        person.save(update_fields=["exit_date", "updated_at"])
        JobEvent.objects.create(person=person, kind=JobEvent.Kind.EXIT, effective_date=day)
    for membership in Membership.objects.filter(person=person, ended_at__isnull=True):
        membership_leave(membership=membership)
    for role in LeaderRole.objects.filter(person=person, ended_at__isnull=True):
        leader_role_end(role=role)
    if person.user_id and person.user.is_active:  # type: ignore[union-attr]
        User.objects.filter(pk=person.user_id).update(is_active=False)
        person.user.is_active = False  # type: ignore[union-attr]


def person_reactivate(*, person: Person) -> None:
    """Back from leave or rehired: active again. Memberships stay ended (consent was
    withdrawn when they ended); the person re-joins groups themselves."""
    person.exit_date = None
    person.save(update_fields=["exit_date", "updated_at"])
    if person.user_id:
        User.objects.filter(pk=person.user_id).update(is_active=True)


@transaction.atomic
def scim_user_remove(*, person: Person, token: ScimToken | None) -> None:
    """DELETE: deactivate (never a hard delete) and take the person out of SCIM's view."""
    person_deactivate(person=person)
    for member in ProvisionedMember.objects.filter(person=person).select_related("grant"):
        _member_end(member)
    scim = ScimUser.objects.get_or_create(person=person)[0]
    scim.removed_at = timezone.now()
    scim.save(update_fields=["removed_at", "updated_at"])
    _audit(token, Action.DELETE, person, result="deactivated")


# --- groups -------------------------------------------------------------------------------


def _check_group_name(group: ProvisionedGroup | None, display_name: str) -> None:
    clash = ProvisionedGroup.objects.filter(display_name__iexact=display_name)
    if group is not None:
        clash = clash.exclude(pk=group.pk)
    if clash.exists():
        raise ScimError(409, "'displayName' is already used by another group.", "uniqueness")


def _members(ids: list[int]) -> dict[int, Person]:
    found = {
        p.pk: p
        for p in Person.objects.select_related("user")
        .filter(pk__in=ids)
        .exclude(scim__removed_at__isnull=False)
    }
    missing = sorted(set(ids) - found.keys())
    if missing:
        raise ScimError(
            400,
            f"'members.value' names no known user: {', '.join(map(str, missing))}.",
            "invalidValue",
        )
    return found


def _grant_for(group: ProvisionedGroup, person: Person) -> Any:
    if not group.role or not person.user_id:
        return None
    try:
        return role_grant_create(
            user=person.user,
            role=group.role,
            scope_kind=group.scope_kind,
            scope_id=group.scope_id,
            granted_by=None,
        )
    except ValidationError:
        return None  # already holds the role some other way: leave that grant alone


def _member_end(member: ProvisionedMember) -> None:
    if member.grant_id is not None and member.grant is not None:
        role_grant_revoke(grant=member.grant)
    member.delete()


def _set_members(group: ProvisionedGroup, wanted_ids: list[int]) -> tuple[int, int]:
    wanted = _members(wanted_ids)
    current = {m.person_id: m for m in group.memberships.select_related("grant")}
    removed = [m for pid, m in current.items() if pid not in wanted]
    for member in removed:
        _member_end(member)
    added = [p for pid, p in wanted.items() if pid not in current]
    for person in added:
        ProvisionedMember.objects.create(
            group=group, person=person, grant=_grant_for(group, person)
        )
    return len(added), len(removed)


@transaction.atomic
def provisioned_group_create(
    *, display_name: str, external_id: str, member_ids: list[int], token: ScimToken | None
) -> ProvisionedGroup:
    _check_group_name(None, display_name)
    group = ProvisionedGroup.objects.create(display_name=display_name, external_id=external_id)
    added = _set_members(group, member_ids)[0]
    _audit(token, Action.CREATE, group, members_added=added)
    return group


@transaction.atomic
def provisioned_group_replace(
    *,
    group: ProvisionedGroup,
    display_name: str,
    external_id: str,
    member_ids: list[int],
    token: ScimToken | None,
) -> ProvisionedGroup:
    _check_group_name(group, display_name)
    group.display_name = display_name
    group.external_id = external_id
    group.save()
    added, removed = _set_members(group, member_ids)
    _audit(token, Action.UPDATE, group, members_added=added, members_removed=removed)
    return group


@transaction.atomic
def provisioned_group_delete(*, group: ProvisionedGroup, token: ScimToken | None) -> None:
    """The group is only a role mapping, so it goes; the role grants it gave go with it."""
    for member in group.memberships.select_related("grant"):
        _member_end(member)
    _audit(token, Action.DELETE, group, display_name=group.display_name)
    group.delete()


@transaction.atomic
def provisioned_group_map(
    *, group: ProvisionedGroup, role: str, scope_kind: str, scope_id: int | None, mapped_by: Any
) -> ProvisionedGroup:
    """An administrator says which Belong role the group's members get ("" for none)."""
    if role and role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if role and scope_kind not in ROLE_SCOPES.get(role, set()):
        raise ValidationError({"scope_kind": _("This role cannot have that scope.")})
    if scope_kind == ScopeKind.COMPANY or not role:
        scope_id = None
    elif scope_id is None:
        raise ValidationError({"scope_id": _("Give the id of the group, chapter or program.")})
    members = list(group.memberships.select_related("grant", "person__user"))
    for member in members:
        if member.grant_id is not None and member.grant is not None:
            role_grant_revoke(grant=member.grant)
    group.role, group.scope_kind, group.scope_id = role, scope_kind if role else "company", scope_id
    group.save()
    for member in members:
        member.grant = _grant_for(group, member.person)
        member.save(update_fields=["grant"])
    audit_record(
        actor=mapped_by,
        category=Category.PROVISIONING,
        action=Action.UPDATE,
        target=group,
        detail={"role": role, "scope_kind": group.scope_kind, "scope_id": scope_id},
    )
    return group


__all__ = [
    "person_deactivate",
    "person_reactivate",
    "provisioned_group_create",
    "provisioned_group_delete",
    "provisioned_group_map",
    "provisioned_group_replace",
    "scim_token_authenticate",
    "scim_token_create",
    "scim_token_revoke",
    "scim_user_create",
    "scim_user_remove",
    "scim_user_replace",
    "user_name_of",
]
