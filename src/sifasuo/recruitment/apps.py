from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "sifasuo.recruitment"
    label = "recruitment"
    verbose_name = "协理员招聘"
