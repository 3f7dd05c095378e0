FROM node:20-bookworm-slim
ENV NODE_ENV=production
# glibc malloc's fixed mmap threshold: half the worker's memory per cached workflow (app/worker.ts,
# WORKER_MALLOC_ENV; test/app/worker-malloc-env.test.ts holds the two equal).
ENV MALLOC_MMAP_THRESHOLD_=131072
# Debian's Chromium, headless under playwright-core (the pages' browser tests use the same), with fonts.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-liberation \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --strict-allow-scripts && npm cache clean --force
COPY . .
USER node
EXPOSE 3000
# npm start migrates, then serves the API, the pages and the worker; SIGTERM drains them.
CMD ["npm", "start"]
