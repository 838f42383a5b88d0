app_name = "microfund"

urlpatterns: list = []
