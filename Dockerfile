# Idéburna production image: gunicorn + whitenoise; the same image runs the Celery worker and beat.
FROM python:3.13-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN pip install --upgrade "pip>=25.1" && pip install -c constraints.txt --group base
COPY . .
# Static files are collected (hashed and compressed) and translations compiled at build time.
RUN DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --no-input -v 0 \
    && python manage.py compilemessages --ignore=.venv -v 0
RUN useradd --system --uid 1000 --home /app ideburna && mkdir -p /app/media /app/private /app/var \
    && chown -R ideburna /app/media /app/private /app/var
USER ideburna
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD curl -fs http://127.0.0.1:8000/healthz || exit 1
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
