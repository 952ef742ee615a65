"""English field names (issue 12): kommune → municipality, omraade → area on processes and requirements.

Renames only: every stored row is kept. The unique code constraint names a renamed field, so it is
dropped before and created again after the renames."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audits", "0002_decision_rules_in_model"),
        ("organisations", "0002_english_names"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="requirement", name="unique_requirement_code"),
        migrations.RenameField(model_name="process", old_name="kommune", new_name="municipality"),
        migrations.RenameField(model_name="process", old_name="omraade", new_name="area"),
        migrations.RenameField(model_name="requirement", old_name="kommune", new_name="municipality"),
        migrations.RenameField(model_name="requirement", old_name="omraade", new_name="area"),
        migrations.AlterModelOptions(
            name="process",
            options={"ordering": ["municipality__name", "name"], "verbose_name": "proces",
                     "verbose_name_plural": "processer"},
        ),
        migrations.AlterModelOptions(
            name="requirement",
            options={"ordering": ["municipality__name", "code"], "verbose_name": "krav", "verbose_name_plural": "krav"},
        ),
        migrations.AddConstraint(
            model_name="requirement",
            constraint=models.UniqueConstraint(fields=("municipality", "code"), name="unique_requirement_code"),
        ),
        migrations.AlterField(
            model_name="process",
            name="area",
            field=models.ForeignKey(blank=True, null=True, on_delete=models.deletion.PROTECT,
                                    related_name="processes", to="organisations.area", verbose_name="område"),
        ),
        migrations.AlterField(
            model_name="process",
            name="municipality",
            field=models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="processes",
                                    to="organisations.municipality", verbose_name="kommune"),
        ),
        migrations.AlterField(
            model_name="requirement",
            name="area",
            field=models.ForeignKey(blank=True, null=True, on_delete=models.deletion.PROTECT,
                                    related_name="requirements", to="organisations.area", verbose_name="område"),
        ),
        migrations.AlterField(
            model_name="requirement",
            name="municipality",
            field=models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="requirements",
                                    to="organisations.municipality", verbose_name="kommune"),
        ),
    ]
