"""Password reset by e-mail with Django's auth views (templates in ``templates/registration``),
mounted at ``adgangskode/``. The URL names are Django's own (``password_reset`` …), without a
namespace, because the auth views reverse them by those names. Requests for a reset link are limited
per e-mail address and per client address (:class:`ThrottledPasswordResetView`)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from frisat.web.login_throttle import ThrottledPasswordResetView

urlpatterns = [
    path("glemt/", ThrottledPasswordResetView.as_view(
        subject_template_name="registration/password_reset_subject.txt",
        email_template_name="registration/password_reset_email.txt"), name="password_reset"),
    path("glemt/sendt/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("ny/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("ny/faerdig/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
