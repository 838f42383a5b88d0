from django.urls import path

from microfund import views

app_name = "microfund"

urlpatterns = [
    path("", views.index, name="index"),
    path("forfragan/", views.enquiry, name="enquiry"),
    path("ansokan/<int:pk>/", views.application, name="application"),
    path("ansokan/<int:pk>/redigera/", views.application_edit, name="application_edit"),
    path("ansokan/<int:pk>/steg/<slug:name>/", views.application_step, name="application_step"),
    path("ansokan/<int:pk>/dokument/", views.document_upload, name="document_upload"),
    path("ansokan/<int:pk>/borgensman/", views.guarantor_add, name="guarantor_add"),
    path("borgensman/<int:pk>/ta-bort/", views.guarantor_remove, name="guarantor_remove"),
    path("dokument/<int:pk>/", views.document_download, name="document"),
    path("dokument/<int:pk>/ta-bort/", views.document_delete, name="document_delete"),
    path("kommitte/", views.committee, name="committee"),
    path("kommitte/<int:pk>/", views.committee_application, name="committee_application"),
    path("kommitte/<int:pk>/jav/", views.committee_declare, name="committee_declare"),
    path("kommitte/<int:pk>/bedomning/", views.committee_review, name="committee_review"),
    path("kommitte/<int:pk>/beslut/", views.committee_decide, name="committee_decide"),
    path("lan/<int:pk>/", views.loan, name="loan"),
    path("lan/<int:pk>/utbetalning/", views.loan_disburse, name="loan_disburse"),
    path("lan/<int:pk>/betalning/", views.loan_payment, name="loan_payment"),
    path("lan/<int:pk>/avskrivning/", views.loan_write_off, name="loan_write_off"),
    path("borgen/<int:pk>/<slug:action>/", views.guarantee_close, name="guarantee_close"),
    path("rapporter/", views.report, name="reports"),
    path("rapporter/kapital/", views.capital, name="capital"),
    path("rapporter/portfolj.csv", views.report_csv, name="reports_csv"),
]
