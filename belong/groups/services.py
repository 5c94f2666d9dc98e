"""Every write to groups, chapters, memberships, consents, leaders, announcements and badges.

Community work (volunteering, drives, partnerships, initiatives) is in
`services_community.py`. Leader roles also grant and revoke the matching
`RoleGrant(group_leader, group|chapter)`, so access is decided from grants alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from belong.accounts.models import Role, RoleGrant, ScopeKind
from belong.accounts.services import role_grant_create, role_grant_revoke
from belong.audit.models import Action, Category
from belong.audit.services import audit_record
from belong.groups.models import (
    CONSENT_TEXT_VERSION,
    Announcement,
    BadgeAdoption,
    Campaign,
    Chapter,
    Consent,
    Group,
    LeaderRole,
    Membership,
    Pillar,
    Visibility,
)
from belong.people.models import Person, Site

UNSUBSCRIBE_SALT = "belong.groups.unsubscribe"

# --- groups and chapters ------------------------------------------------------------------


def _clean_pillars(pillars: Sequence[str]) -> list[str]:
    unknown = set(pillars) - set(Pillar.values)
    if unknown:
        raise ValidationError({"pillars": _("Unknown pillar: %s") % ", ".join(sorted(unknown))})
    return [p for p in Pillar.values if p in set(pillars)]


@transaction.atomic
def group_create(
    *,
    name: str,
    slug: str,
    mission: str = "",
    pillars: Sequence[str] = (),
    official: bool = True,
    listed: bool = True,
    roster_visibility: str = Visibility.MEMBERS,
    private: bool = False,
    sponsor: Person | None = None,
) -> Group:
    """A group with its global chapter."""
    if Group.objects.filter(Q(slug=slug) | Q(name=name)).exists():
        raise ValidationError(_("A group with this name or address already exists."))
    group = Group.objects.create(
        name=name,
        slug=slug,
        mission=mission,
        pillars=_clean_pillars(pillars),
        official=official,
        listed=listed,
        roster_visibility=Visibility(roster_visibility),
        private=private,
        sponsor=sponsor,
    )
    Chapter.objects.create(group=group, name=_("Global"), slug="global", kind=Chapter.Kind.GLOBAL)
    return group


@transaction.atomic
def group_update(
    *,
    group: Group,
    mission: str,
    pillars: Sequence[str],
    listed: bool,
    roster_visibility: str,
    private: bool,
    sponsor: Person | None,
    actor: Any = None,
) -> Group:
    """Change a group's settings. Widening the roster widens no one's consent: each member
    stays visible only to the audience they agreed to until they renew it."""
    visibility_before = (group.private, group.roster_visibility)
    group.mission = mission
    group.pillars = _clean_pillars(pillars)
    group.listed = listed
    group.roster_visibility = Visibility(roster_visibility)
    group.private = private
    group.sponsor = sponsor
    group.save(
        update_fields=[
            "mission",
            "pillars",
            "listed",
            "roster_visibility",
            "private",
            "sponsor",
            "updated_at",
        ]
    )
    if visibility_before != (group.private, group.roster_visibility) and (
        group.private or visibility_before[0]
    ):
        # Who opened or closed a private group's roster is part of its members' record.
        audit_record(
            actor=actor,
            category=Category.PRIVATE_MEMBERSHIP,
            action=Action.UPDATE,
            target=group,
            detail={
                "change": "visibility",
                "private": group.private,
                "roster_visibility": str(group.roster_visibility),
            },
        )
    return group


@transaction.atomic
def chapter_create(
    *,
    group: Group,
    name: str,
    slug: str,
    kind: str = Chapter.Kind.SITE,
    parent: Chapter | None = None,
    site: Site | None = None,
    description: str = "",
) -> Chapter:
    if parent is not None and parent.group_id != group.pk:
        raise ValidationError({"parent": _("The parent chapter belongs to another group.")})
    if Chapter.objects.filter(group=group, slug=slug).exists():
        raise ValidationError({"slug": _("This group already has a chapter at this address.")})
    if parent is None and kind != Chapter.Kind.GLOBAL:
        parent = Chapter.objects.filter(group=group, kind=Chapter.Kind.GLOBAL).first()
    return Chapter.objects.create(
        group=group,
        name=name,
        slug=slug,
        kind=Chapter.Kind(kind),
        parent=parent,
        site=site,
        description=description,
    )


# --- memberships and consent --------------------------------------------------------------


def _consent(membership: Membership, purpose: str, visibility: str = "") -> Consent:
    return Consent.objects.create(
        membership=membership,
        purpose=purpose,
        text_version=CONSENT_TEXT_VERSION,
        visibility=visibility,
    )


def _audit_private(membership: Membership, actor: Any, action: str, **detail: Any) -> None:
    """Joining, leaving or changing consent in a private group is recorded (never in public
    ones): who did it and what kind of change, not the member's answers."""
    if membership.group.private:
        audit_record(
            actor=actor,
            category=Category.PRIVATE_MEMBERSHIP,
            action=action,
            target=membership.group,
            detail={"membership_id": membership.pk, **detail},
        )


def roster_read_record(
    *,
    actor: Any,
    group: Group,
    chapter: Chapter | None,
    request: Any = None,
    exported_rows: int | None = None,
) -> None:
    """Audit a roster read: every export, and every read of a private group's roster."""
    where = {"chapter_id": chapter.pk if chapter else None}
    if exported_rows is not None:
        audit_record(
            actor=actor,
            category=Category.EXPORT,
            action=Action.EXPORT,
            target=group,
            detail={"export": "group_roster", "private": group.private, "rows": exported_rows}
            | where,
            request=request,
        )
    elif group.private:
        audit_record(
            actor=actor,
            category=Category.PRIVATE_MEMBERSHIP,
            action=Action.READ,
            target=group,
            detail={"read": "roster"} | where,
            request=request,
        )


def _withdraw(membership: Membership, *purposes: str) -> None:
    Consent.objects.filter(
        membership=membership, purpose__in=purposes, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())


@transaction.atomic
def membership_join(
    *,
    group: Group,
    person: Person,
    kind: str,
    consent: bool,
    chapter: Chapter | None = None,
    show_on_roster: bool | None = None,
    show_badges: bool | None = None,
    joined_at: dt.datetime | None = None,
    actor: Any = None,
) -> Membership:
    """Join as member or ally with explicit consent. Roster and badges default to off in
    private groups; whoever shows on the roster consents to the group's current audience.
    `actor` is who asked (the person themself on the pages), for the audit log."""
    if not consent:
        raise ValidationError({"consent": _("Joining needs your consent to store it.")})
    if kind not in Membership.Kind.values:
        raise ValidationError({"kind": _("Join as a member or as an ally.")})
    if chapter is not None and chapter.group_id != group.pk:
        raise ValidationError({"chapter": _("That chapter belongs to another group.")})
    if Membership.objects.active().filter(group=group, person=person).exists():
        raise ValidationError(_("You already belong to this group."))
    on_roster = (not group.private) if show_on_roster is None else show_on_roster
    badges = (not group.private) if show_badges is None else show_badges
    audience = group.roster_visibility if on_roster else Visibility.NOBODY
    membership = Membership.objects.create(
        group=group,
        person=person,
        chapter=chapter,
        kind=kind,
        show_on_roster=on_roster and audience != Visibility.NOBODY,
        roster_consent=audience,
        show_badges=badges,
        joined_at=joined_at or timezone.now(),
    )
    _consent(membership, Consent.Purpose.MEMBERSHIP)
    if membership.show_on_roster:
        _consent(membership, Consent.Purpose.ROSTER, audience)
    if badges:
        _consent(membership, Consent.Purpose.BADGES)
    _audit_private(membership, actor, Action.CREATE, change="joined")
    from belong.webhooks import payloads

    payloads.membership_changed(membership, change="joined", on_roster=not membership.is_private)
    return membership


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    kind: str,
    chapter: Chapter | None,
    show_on_roster: bool,
    show_badges: bool,
    announcements: bool,
    actor: Any = None,
) -> Membership:
    """A member's own settings. Turning the roster on (again) consents to the group's
    current audience; turning it off withdraws that consent."""
    before = (membership.show_on_roster, membership.roster_consent, membership.show_badges)
    if not membership.is_active:
        raise ValidationError(_("This membership has ended."))
    if kind not in Membership.Kind.values:
        raise ValidationError({"kind": _("Join as a member or as an ally.")})
    group = membership.group
    if chapter is not None and chapter.group_id != group.pk:
        raise ValidationError({"chapter": _("That chapter belongs to another group.")})
    if show_on_roster:
        widest = group.roster_visibility
        narrower_consent = Visibility.rank(membership.roster_consent) < Visibility.rank(widest)
        if widest != Visibility.NOBODY and (not membership.show_on_roster or narrower_consent):
            _withdraw(membership, Consent.Purpose.ROSTER)
            _consent(membership, Consent.Purpose.ROSTER, widest)
            membership.roster_consent = widest
            membership.show_on_roster = True
    elif membership.show_on_roster:
        _withdraw(membership, Consent.Purpose.ROSTER)
        membership.show_on_roster = False
        membership.roster_consent = Visibility.NOBODY
    if show_badges and not membership.show_badges:
        _consent(membership, Consent.Purpose.BADGES)
    elif not show_badges and membership.show_badges:
        _withdraw(membership, Consent.Purpose.BADGES)
    membership.show_badges = show_badges
    membership.kind = kind
    membership.chapter = chapter
    membership.announcements = announcements
    membership.save(
        update_fields=[
            "kind",
            "chapter",
            "show_on_roster",
            "roster_consent",
            "show_badges",
            "announcements",
        ]
    )
    after = (membership.show_on_roster, membership.roster_consent, membership.show_badges)
    if before != after:
        changed = [
            name
            for name, b, a in zip(("roster", "roster", "badges"), before, after, strict=True)
            if b != a
        ]
        _audit_private(
            membership, actor, Action.UPDATE, change="consent", consents=sorted(set(changed))
        )
    return membership


@transaction.atomic
def membership_leave(
    *, membership: Membership, when: dt.datetime | None = None, actor: Any = None
) -> Membership:
    """End the membership and withdraw every consent; the rows stay as history.
    `actor` is None when provisioning or the system ends it."""
    if not membership.is_active:
        return membership
    was_on_roster = not membership.is_private  # read before leaving clears it
    now = when or timezone.now()
    membership.ended_at = now
    membership.show_on_roster = False
    membership.show_badges = False
    membership.roster_consent = Visibility.NOBODY
    membership.save(update_fields=["ended_at", "show_on_roster", "show_badges", "roster_consent"])
    Consent.objects.filter(membership=membership, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    _audit_private(membership, actor, Action.DELETE, change="left")
    from belong.webhooks import payloads

    payloads.membership_changed(membership, change="left", on_roster=was_on_roster)
    return membership


def unsubscribe_token(membership: Membership) -> str:
    return signing.dumps({"m": membership.pk}, salt=UNSUBSCRIBE_SALT)


def membership_unsubscribe(*, token: str) -> Membership | None:
    """Stop announcement emails for the membership in a signed token; None if invalid."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    membership = Membership.objects.filter(pk=int(data.get("m", 0))).first()
    if membership is None:
        return None
    if membership.announcements:
        membership.announcements = False
        membership.save(update_fields=["announcements"])
    return membership


# --- leaders ------------------------------------------------------------------------------


def _scope(role: LeaderRole) -> tuple[str, int]:
    if role.chapter_id is not None:
        return ScopeKind.CHAPTER, int(role.chapter_id)
    return ScopeKind.GROUP, int(role.group_id)


def _sync_grant(role: LeaderRole, granted_by: Any, today: dt.date) -> None:
    """Make the person's group_leader grant for this scope match their current roles."""
    user_id = role.person.user_id
    if user_id is None:
        return
    kind, scope_id = _scope(role)
    scope_filter = Q(chapter_id=scope_id) if kind == ScopeKind.CHAPTER else Q(chapter__isnull=True)
    current = (
        LeaderRole.objects.filter(
            scope_filter,
            group_id=role.group_id,
            person_id=role.person_id,
            ended_at__isnull=True,
            starts_on__lte=today,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exists()
    )
    grant = RoleGrant.objects.filter(
        user_id=user_id, role=Role.GROUP_LEADER, scope_kind=kind, scope_id=scope_id
    ).first()
    if current and grant is None:
        role_grant_create(
            user=role.person.user,
            role=Role.GROUP_LEADER,
            scope_kind=kind,
            scope_id=scope_id,
            granted_by=granted_by,
        )
    elif not current and grant is not None:
        role_grant_revoke(grant=grant)


@transaction.atomic
def leader_role_assign(
    *,
    group: Group,
    person: Person,
    title: str,
    starts_on: dt.date,
    chapter: Chapter | None = None,
    ends_on: dt.date | None = None,
    assigned_by: Any = None,
) -> LeaderRole:
    """A titled role for a term; grants group_leader for the scope while the term runs."""
    if chapter is not None and chapter.group_id != group.pk:
        raise ValidationError({"chapter": _("That chapter belongs to another group.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The term cannot end before it starts.")})
    role = LeaderRole.objects.create(
        group=group,
        chapter=chapter,
        person=person,
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _sync_grant(role, assigned_by, timezone.localdate())
    return role


@transaction.atomic
def leader_role_end(*, role: LeaderRole, ended_by: Any = None) -> LeaderRole:
    if role.ended_at is None:
        role.ended_at = timezone.now()
        role.save(update_fields=["ended_at", "updated_at"])
    _sync_grant(role, ended_by, timezone.localdate())
    return role


@transaction.atomic
def leader_roles_sync(*, today: dt.date | None = None) -> int:
    """Start and end grants as terms begin and run out (run daily); returns roles checked."""
    day = today or timezone.localdate()
    roles = LeaderRole.objects.select_related("person").filter(
        Q(starts_on=day) | Q(ends_on__lt=day, ends_on__gte=day - dt.timedelta(days=31))
    )
    count = 0
    for role in roles:
        _sync_grant(role, None, day)
        count += 1
    return count


# --- announcements ------------------------------------------------------------------------


@transaction.atomic
def announcement_create(
    *, group: Group, author: Person | None, subject: str, body: str, chapter: Chapter | None
) -> Announcement:
    """Queue an announcement; the `announcement_send` task emails each member separately."""
    from belong.groups.tasks import announcement_send

    if chapter is not None and chapter.group_id != group.pk:
        raise ValidationError({"chapter": _("That chapter belongs to another group.")})
    announcement = Announcement.objects.create(
        group=group, chapter=chapter, author=author, subject=subject.strip(), body=body
    )
    pk = announcement.pk
    transaction.on_commit(lambda: announcement_send.enqueue(pk))
    return announcement


def announcement_recipients(announcement: Announcement) -> list[Membership]:
    """Active memberships in scope that still want emails: private ones too, since each
    email goes to one person alone and names no one else."""
    from belong.groups.access import subtree_ids

    members = Membership.objects.active().filter(
        group_id=announcement.group_id, announcements=True, person__exit_date__isnull=True
    )
    if announcement.chapter_id is not None:
        members = members.filter(
            chapter_id__in=subtree_ids(announcement.group, [int(announcement.chapter_id)])
        )
    return list(members.select_related("person").order_by("id"))


def announcement_mark_sent(*, announcement: Announcement, recipients: int) -> None:
    announcement.status = Announcement.Status.SENT
    announcement.recipients = recipients
    announcement.sent_at = timezone.now()
    announcement.save(update_fields=["status", "recipients", "sent_at", "updated_at"])


# --- campaigns and badges -----------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    group: Group,
    name: str,
    badge_name: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    description: str = "",
    pillar: str = Pillar.ENGAGE,
    badge_image: Any = None,
    created_by: Person | None = None,
) -> Campaign:
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The campaign cannot end before it starts.")})
    campaign = Campaign(
        group=group,
        name=name,
        badge_name=badge_name,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        pillar=Pillar(pillar),
        created_by=created_by,
    )
    if badge_image:
        campaign.badge_image = badge_image
    campaign.save()
    return campaign


@transaction.atomic
def badge_adopt(*, campaign: Campaign, person: Person) -> BadgeAdoption:
    """Show a campaign's badge on one's profile: needs membership, and turns badges on."""
    membership = (
        Membership.objects.active().filter(group_id=campaign.group_id, person=person).first()
    )
    if membership is None:
        raise ValidationError(_("Join the group first to show its badges."))
    if not membership.show_badges:
        membership.show_badges = True
        membership.save(update_fields=["show_badges"])
        _consent(membership, Consent.Purpose.BADGES)
    adoption, created = BadgeAdoption.objects.get_or_create(campaign=campaign, person=person)
    if not created and not adoption.shown:
        adoption.shown = True
        adoption.adopted_at = timezone.now()
        adoption.withdrawn_at = None
        adoption.save(update_fields=["shown", "adopted_at", "withdrawn_at"])
    # A badge shows on the profile that one belongs to the group: a consent change.
    _audit_private(membership, person.user, Action.UPDATE, change="badge_shown")
    return adoption


@transaction.atomic
def badge_withdraw(*, campaign: Campaign, person: Person) -> None:
    hidden = BadgeAdoption.objects.filter(campaign=campaign, person=person, shown=True).update(
        shown=False, withdrawn_at=timezone.now()
    )
    if not hidden:
        return
    membership = (
        Membership.objects.active()
        .select_related("group")
        .filter(group_id=campaign.group_id, person=person)
        .first()
    )
    if membership is not None:
        _audit_private(membership, person.user, Action.UPDATE, change="badge_hidden")
