from django_tasks import task

from concerto.councils.models import Council
from concerto.privacy.retention import purge


@task()
def retention_purge() -> dict:
    return {council.code: purge(council) for council in Council.objects.all()}
