"""English model and field names (issue 12): Maaling → Round; kommune → municipality, maaling → round,
enhed → unit, gruppe → group.

Renames only (table, columns, constraint, index): every stored row is kept. The constraint and the
index name renamed fields, so they are dropped before and created again after the renames."""

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
        ("organisations", "0002_english_names"),
        # RenameModel also renames the content type (django.contrib.contenttypes), in its current shape.
        ("contenttypes", "0002_remove_content_type_name"),
        ("rounds", "0007_round_field_messages"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="respondent", name="unique_email_per_round"),
        migrations.RemoveIndex(model_name="response", name="rounds_resp_maaling_1e6dbf_idx"),
        migrations.RenameModel(old_name="Maaling", new_name="Round"),
        _permissions([("rounds", "maaling", "round")]),
        migrations.RenameField(model_name="round", old_name="kommune", new_name="municipality"),
        migrations.RenameField(model_name="respondent", old_name="maaling", new_name="round"),
        migrations.RenameField(model_name="respondent", old_name="enhed", new_name="unit"),
        migrations.RenameField(model_name="respondent", old_name="gruppe", new_name="group"),
        migrations.RenameField(model_name="response", old_name="maaling", new_name="round"),
        migrations.RenameField(model_name="response", old_name="enhed", new_name="unit"),
        migrations.RenameField(model_name="response", old_name="gruppe", new_name="group"),
        migrations.RenameField(model_name="pendingresponse", old_name="maaling", new_name="round"),
        migrations.AlterField(
            model_name="round",
            name="municipality",
            field=models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="rounds",
                                    to="organisations.municipality", verbose_name="kommune"),
        ),
        migrations.AddConstraint(
            model_name="respondent",
            constraint=models.UniqueConstraint(condition=models.Q(("email", ""), _negated=True),
                                               fields=("round", "email"), name="unique_email_per_round"),
        ),
        migrations.AlterField(
            model_name="respondent",
            name="unit",
            field=models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="respondents",
                                    to="organisations.unit", verbose_name="enhed"),
        ),
        migrations.AlterField(
            model_name="response",
            name="unit",
            field=models.ForeignKey(on_delete=models.deletion.PROTECT, related_name="responses",
                                    to="organisations.unit", verbose_name="enhed"),
        ),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(fields=["round", "group"], name="rounds_resp_round_i_418dee_idx"),
        ),
    ]
