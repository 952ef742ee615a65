from django.urls import path

from frisat.web.mailings import views

app_name = "mailings"
urlpatterns = [
    path("<int:round_pk>/", views.overview, name="overview"),
    path("<int:round_pk>/tekst/<slug:slug>/", views.edit_text, name="text"),
    path("<int:round_pk>/send/<slug:slug>/", views.send, name="send"),
    path("<int:round_pk>/udsendelse/<int:pk>/", views.sending, name="sending"),
]
