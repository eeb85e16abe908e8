"""The housing app's daily job: anonymise the applications past their retention period, in every council."""

from django_tasks import task

from concerto.councils.models import Council
from concerto.housing.retention import purge_applications


@task()
def housing_retention() -> int:
    return sum(purge_applications(council) for council in Council.objects.all())
