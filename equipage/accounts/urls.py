from django.urls import path

from . import oidc, views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("compte/", views.account, name="account"),
    path("compte/mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"),
    path("compte/jeton/", views.regenerate_token, name="token_regenerate"),
    path("compte/resume/", views.digest_preference, name="digest_preference"),
    path("compte/jeton/revoquer/", views.revoke_token, name="token_revoke"),
    path("journal-des-connexions/", views.signin_journal, name="signin_journal"),
    path("personnes/ajouter/", views.person_create, name="person_create"),
    path("personnes/<int:pk>/identite/", views.person_edit, name="person_edit"),
    path("personnes/<int:pk>/compte/", views.person_account, name="person_account"),
    path("invitation/<str:uidb64>/<str:token>/", views.invitation, name="invitation"),
    path("connexion/proconnect/", oidc.ProConnectLoginView.as_view(), name="proconnect_login"),
    path("connexion/proconnect/retour/", oidc.ProConnectCallbackView.as_view(), name="proconnect_callback"),
]
