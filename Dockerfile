# syntax=docker/dockerfile:1
# The profile service's image: compiled JavaScript on the current Node.js LTS (26; the exact
# version the stand-in base and CI use is in tools/image/node-lts-version), production
# dependencies only, run by `node` itself (it gets SIGTERM, not npm) as a fixed non-root uid.
# /app/sbom.cdx.json lists every package in the image (CycloneDX, from `npm sbom`).
#
#   docker build -t profile-service .
#   docker run -p 8080:8080 -v profiles:/data profile-service          # the API
#   docker run profile-service node dist/bootstrap/worker.js            # a worker
#
# Behind a TLS-inspecting proxy, hand the build your CA bundle as a secret; it is mounted
# for the npm steps only and never lands in a layer:
#   docker build --secret id=build-ca,src=/etc/ssl/certs/ca-certificates.crt .
# An air-gapped build can use a base made from Debian's packages: tools/image/stand-in-base.sh.

ARG NODE_IMAGE=node:26-bookworm-slim

# ---- build: every dependency, the TypeScript compiler, the embedded database's template ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
COPY package.json package-lock.json ./
# npm ci checks the lockfile against every workspace's package.json (the client's included),
# and runs the prepare step, which has no client sources to compile here.
COPY clients/typescript/package.json ./clients/typescript/
COPY scripts/prepare.mjs ./scripts/
RUN --mount=type=secret,id=build-ca \
    if [ -s /run/secrets/build-ca ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/build-ca; fi; \
    npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The SBOM before the prune: npm sbom reads the whole locked tree, and lists what --omit=dev keeps.
RUN npm run build \
 && npm sbom --omit=dev --sbom-format=cyclonedx --sbom-type=application > sbom.cdx.json \
 && npm prune --omit=dev

# ---- run: what `node dist/...` needs, nothing else ----
FROM ${NODE_IMAGE} AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="profile-service" \
      org.opencontainers.image.description="A REST service for user profiles: PostgreSQL, Redis, RabbitMQ, or an embedded database" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="UNLICENSED"
WORKDIR /app
# A fixed uid that Kubernetes' runAsNonRoot can check; the passwd line gives it a name and home.
RUN echo 'app:x:10001:10001:profile service:/app:/usr/sbin/nologin' >> /etc/passwd \
 && echo 'app:x:10001:' >> /etc/group \
 && mkdir -p /data && chown 10001:10001 /data && chmod 0700 /data
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/sbom.cdx.json ./
ENV NODE_ENV=production \
    DATA_DIR=/data \
    SERVER_HOST=0.0.0.0 \
    SERVER_PORT=8080
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080 8081
CMD ["node", "dist/bootstrap/server.js"]
