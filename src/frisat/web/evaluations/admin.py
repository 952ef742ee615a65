from django.contrib import admin

from frisat.web.evaluations.models import Evaluation, Interview, Period


class PeriodInline(admin.TabularInline):
    model = Period
    extra = 0


class InterviewInline(admin.TabularInline):
    model = Interview
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "area")
    inlines = [PeriodInline, InterviewInline]
