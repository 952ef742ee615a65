"""Access to a municipality, mounted at ``adgang/``. ``invitation/<token>/`` is the invited person's link
(no login)."""

from django.urls import path

from frisat.web.access import views

app_name = "access"
urlpatterns = [
    path("", views.access_home, name="home"),
    path("<int:pk>/", views.municipality_access, name="municipality"),
    path("bruger/<int:pk>/rolle/", views.member_role, name="role"),
    path("bruger/<int:pk>/fjern/", views.member_remove, name="remove"),
    path("invitation/<int:pk>/tilbagekald/", views.invitation_revoke, name="revoke"),
    path("invitation/<str:token>/", views.accept, name="accept"),
]
