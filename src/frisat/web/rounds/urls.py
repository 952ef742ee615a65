from django.urls import path
from django.views.generic import TemplateView

app_name = "rounds"
urlpatterns = [
    # Placeholder until the rounds pages exist: the list page is the landing page after login.
    path("", TemplateView.as_view(template_name="base.html"), name="list"),
]
