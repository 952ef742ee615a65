"""Evaluations (issue 14), mounted at ``evalueringer/``."""

from django.urls import path

from frisat.web.evaluations.views import cases, evaluations

app_name = "evaluations"
urlpatterns = [
    path("", evaluations.evaluation_list, name="list"),
    path("ny/", evaluations.evaluation_create, name="create"),
    path("<int:pk>/", evaluations.evaluation_detail, name="detail"),
    path("<int:pk>/rediger/", evaluations.evaluation_edit, name="edit"),
    path("<int:pk>/slet/", evaluations.evaluation_delete, name="delete"),
    path("<int:pk>/interview/", evaluations.interviews, name="interviews"),
    path("<int:pk>/import/", cases.case_import, name="import"),
    path("<int:pk>/filer/<str:name>", evaluations.download, name="download"),
    path("interview/<int:pk>/slet/", evaluations.interview_delete, name="interview_delete"),
    path("registrering/<int:pk>/", cases.registration, name="registration"),
    path("registrering/<int:pk>/ny/", cases.case_new, name="case_new"),
    path("sag/<int:pk>/", cases.case_edit, name="case_edit"),
    path("sag/<int:pk>/slet/", cases.case_delete, name="case_delete"),
]
