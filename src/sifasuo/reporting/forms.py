from django import forms


class ReturnForm(forms.Form):
    comment = forms.CharField(label="退回意见", max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class UnlockForm(forms.Form):
    reason = forms.CharField(label="解锁理由", max_length=400, required=False)
    days = forms.IntegerField(label="解锁天数", min_value=1, max_value=30, initial=3)
