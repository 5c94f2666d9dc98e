# The dashboard reads survey answers and time to match from one table each.

import django.db.models.deletion
from django.db import migrations, models


def copy_from_surveys(apps, schema_editor):
    SurveyResponse = apps.get_model("mentoring", "SurveyResponse")
    for answer in SurveyResponse.objects.select_related("survey__relationship").iterator():
        answer.program_id = answer.survey.relationship.program_id
        answer.kind = answer.survey.kind
        answer.save(update_fields=["program", "kind"])


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="matched_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="surveyresponse",
            name="kind",
            field=models.CharField(default="", max_length=8),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="surveyresponse",
            name="program",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="mentoring.program",
            ),
        ),
        migrations.RunPython(copy_from_surveys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="surveyresponse",
            name="program",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="mentoring.program",
            ),
        ),
        migrations.AddIndex(
            model_name="surveyresponse",
            index=models.Index(
                fields=["program", "kind", "nps"], name="survey_answers_by_program"
            ),
        ),
    ]
