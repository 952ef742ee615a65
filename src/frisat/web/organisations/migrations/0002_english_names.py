"""English model and field names (issue 12): Kommune → Municipality, Omraade → Area, Enhed → Unit.

Renames only (tables, columns, constraints): every stored row is kept. The unique constraints name
the renamed fields, so they are dropped before and created again after the renames."""

from django.conf import settings
from django.db import migrations, models


def _permissions(renames):
    """Django's RenameModel keeps the content type but not the permission codenames
    (``change_kommune``); rename them so that granted permissions follow the model."""

    def rename(apps, schema_editor, reverse=False):
        Permission = apps.get_model("auth", "Permission")
        for app_label, old, new in renames:
            old, new = (new, old) if reverse else (old, new)
            for action in ("add", "change", "delete", "view"):
                found = Permission.objects.filter(content_type__app_label=app_label, codename=f"{action}_{old}")
                if not Permission.objects.filter(content_type__app_label=app_label,
                                                 codename=f"{action}_{new}").exists():
                    found.update(codename=f"{action}_{new}")

    return migrations.RunPython(rename, lambda apps, schema_editor: rename(apps, schema_editor, reverse=True))


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("organisations", "0001_initial"),
        # RenameModel also renames the content type (django.contrib.contenttypes), in its current shape.
        ("contenttypes", "0002_remove_content_type_name"),
        # Every migration that names the old models runs first.
        ("audits", "0002_decision_rules_in_model"),
        ("rounds", "0007_round_field_messages"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="omraade", name="unique_omraade_per_kommune"),
        migrations.RemoveConstraint(model_name="enhed", name="unique_enhed_per_omraade"),
        migrations.RemoveConstraint(model_name="membership", name="unique_membership"),
        # Leaves first: reversing a RenameModel looks up the models that point to it by their names.
        migrations.RenameModel(old_name="Enhed", new_name="Unit"),
        migrations.RenameModel(old_name="Omraade", new_name="Area"),
        migrations.RenameModel(old_name="Kommune", new_name="Municipality"),
        _permissions([("organisations", "kommune", "municipality"), ("organisations", "omraade", "area"), ("organisations", "enhed", "unit")]),
        migrations.RenameField(model_name="area", old_name="kommune", new_name="municipality"),
        migrations.RenameField(model_name="unit", old_name="omraade", new_name="area"),
        migrations.RenameField(model_name="membership", old_name="kommune", new_name="municipality"),
        migrations.AlterField(
            model_name="area",
            name="municipality",
            field=models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="areas",
                                    to="organisations.municipality"),
        ),
        migrations.AlterField(
            model_name="unit",
            name="area",
            field=models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="units", to="organisations.area"),
        ),
        migrations.AlterModelOptions(
            name="area",
            options={"ordering": ["municipality__name", "name"], "verbose_name": "område",
                     "verbose_name_plural": "områder"},
        ),
        migrations.AlterModelOptions(
            name="unit",
            options={"ordering": ["area__municipality__name", "area__name", "name"], "verbose_name": "enhed",
                     "verbose_name_plural": "enheder"},
        ),
        migrations.AddConstraint(
            model_name="area",
            constraint=models.UniqueConstraint(fields=("municipality", "name"), name="unique_area_per_municipality"),
        ),
        migrations.AddConstraint(
            model_name="unit",
            constraint=models.UniqueConstraint(fields=("area", "name"), name="unique_unit_per_area"),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(fields=("user", "municipality"), name="unique_membership"),
        ),
    ]
