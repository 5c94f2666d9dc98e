from io import StringIO

import pytest
from django.core.management import call_command

from belong.circles.models import Circle, CircleMember, CircleProgram, CircleSession, Post

pytestmark = pytest.mark.django_db


def test_it_seeds_a_circle_program_mid_series_and_two_care_circles() -> None:
    call_command("seed_demo", people=800, seed=7, stdout=StringIO())
    program = CircleProgram.objects.get(kind="mentoring")
    circles = Circle.objects.filter(program=program, published=True)
    assert circles.count() >= 2
    members = CircleMember.objects.filter(circle__program=program, role="participant").count()
    assert members >= 8 * circles.count()
    held = CircleSession.objects.filter(circle__program=program, status="held").count()
    assert 0 < held < CircleSession.objects.filter(circle__program=program).count()
    care = CircleProgram.objects.get(kind="care")
    assert Circle.objects.filter(program=care, published=True).count() == 2
    assert Post.objects.filter(circle__program=care).exists()
    assert not CircleMember.objects.filter(circle__program=care, display_name="").exists()
