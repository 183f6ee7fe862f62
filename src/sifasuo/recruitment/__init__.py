"""Judicial assistant quotas, recruitment plans and recruitment, under each jurisdiction's policy file.

The rules themselves live in policies/*.yaml and the pure engine sifasuo.policy; this app stores the
plans, announcements, applications and their results, and moves them through their steps.
"""
