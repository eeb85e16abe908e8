from django.urls import path

from concerto.accounts import views

app_name = "accounts"

urlpatterns = [
    path("membres/", views.member_list, name="member_list"),
    path("membres/inviter/", views.member_invite, name="member_invite"),
    path("membres/<int:pk>/", views.member_edit, name="member_edit"),
    path("membres/<int:pk>/deverrouiller/", views.member_unlock, name="member_unlock"),
    path("membres/invitations/<int:pk>/annuler/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("mon-compte/", views.profile, name="profile"),
    path("membres/sessions/", views.session_list, name="session_list"),
    path("membres/sessions/<int:pk>/fermer/", views.session_revoke, name="session_revoke"),
    path("changer-de-conseil/", views.council_switch, name="council_switch"),
]
