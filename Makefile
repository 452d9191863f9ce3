# The profile service's operations, from a laptop to a Kind cluster. `make` lists them.
# Tools a target needs and this machine lacks (kind, kubectl, docker, buildah) are named in one
# line; nothing else is attempted.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

IMAGE ?= profile-service
# The tag the manifests name (deploy/overlays/kind); the policy test checks they agree.
TAG ?= $(shell node -p "require('./package.json').version" 2>/dev/null || echo latest)
CLUSTER ?= profile-service
NAMESPACE ?= profile-service
OVERLAY ?= deploy/overlays/kind
# docker by default; CONTAINER_TOOL=buildah builds with buildah (as the image test does).
CONTAINER_TOOL ?= docker

require = @command -v $(1) >/dev/null || { echo "make $@: $(1) is not installed ($(2))" >&2; exit 1; }

.PHONY: help start dev test lint bench chaos image image-test print-image \
	compose-up compose-down compose-logs cluster-create cluster-delete deploy-kind deploy-all \
	migrate-job status logs logs-worker logs-postgres logs-redis logs-rabbitmq restart clean-all

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  %-15s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# ---- on this machine --------------------------------------------------------------------------
start: ## serve the API on the embedded database (npm start)
	npm start

dev: ## serve the API with reload on every change to src/
	npm run dev

test: ## run every test suite (npm test)
	npm test

lint: ## typecheck, lint and check the dependency rule
	npm run typecheck
	npm run lint

bench: ## run the benchmarks (npm run bench)
	npm run bench

chaos: ## run every chaos drill against local services (npm run chaos -- all)
	npm run chaos -- all

# ---- the image --------------------------------------------------------------------------------
image: ## build the image profile-service:TAG (TAG: the package version)
	$(call require,$(CONTAINER_TOOL),or CONTAINER_TOOL=buildah)
	@if [ "$(CONTAINER_TOOL)" = buildah ]; then \
	  buildah bud --isolation chroot --layers -t $(IMAGE):$(TAG) .; \
	else \
	  $(CONTAINER_TOOL) build -t $(IMAGE):$(TAG) .; \
	fi

image-test: ## build the image with buildah and run it against the local services
	$(call require,buildah,apt-get install buildah mmdebstrap)
	tools/image/test.sh

print-image: ## print the image reference the targets use
	@echo $(IMAGE):$(TAG)

# ---- docker compose ---------------------------------------------------------------------------
compose-up: ## start PostgreSQL, Redis, RabbitMQ, Prometheus, Grafana, the API (hot reload) and a worker
	$(call require,docker,https://docs.docker.com/get-docker/)
	docker compose up -d --wait

compose-down: ## stop the compose stack (its volumes are kept; add -v to docker compose down to drop them)
	$(call require,docker,https://docs.docker.com/get-docker/)
	docker compose down

compose-logs: ## follow the API's and the worker's logs in the compose stack
	$(call require,docker,https://docs.docker.com/get-docker/)
	docker compose logs -f api worker

# ---- Kubernetes (Kind) ------------------------------------------------------------------------
cluster-create: ## create the Kind cluster (localhost:8080 reaches the API)
	$(call require,kind,https://kind.sigs.k8s.io/docs/user/quick-start/)
	kind create cluster --name $(CLUSTER) --config deploy/kind/cluster.yaml

cluster-delete: ## delete the Kind cluster
	$(call require,kind,https://kind.sigs.k8s.io/docs/user/quick-start/)
	kind delete cluster --name $(CLUSTER)

deploy-kind: image ## build the image and load it into the Kind cluster
	$(call require,kind,https://kind.sigs.k8s.io/docs/user/quick-start/)
	kind load docker-image $(IMAGE):$(TAG) --name $(CLUSTER)

migrate-job: ## run the migration Job and wait for it (deploy-all does it before the rollout)
	$(call require,kubectl,https://kubernetes.io/docs/tasks/tools/)
	kubectl kustomize $(OVERLAY) | kubectl apply -f - -l 'app.kubernetes.io/component notin (api,worker,migration)'
	kubectl -n $(NAMESPACE) delete job profile-service-migrate --ignore-not-found
	kubectl kustomize $(OVERLAY) | kubectl apply -f - -l app.kubernetes.io/component=migration
	kubectl -n $(NAMESPACE) wait --for=condition=complete --timeout=180s job/profile-service-migrate

deploy-all: deploy-kind migrate-job ## deploy everything to Kind: services, migration, API, worker
	kubectl kustomize $(OVERLAY) | kubectl apply -f -
	kubectl -n $(NAMESPACE) rollout status deployment/profile-service-api --timeout=180s
	kubectl -n $(NAMESPACE) rollout status deployment/profile-service-worker --timeout=180s
	@echo "the API answers on http://localhost:8080 (GET /health/ready)"

status: ## pods, services, rollouts and the autoscaler
	$(call require,kubectl,https://kubernetes.io/docs/tasks/tools/)
	kubectl -n $(NAMESPACE) get pods,services,deployments,statefulsets,hpa,pdb,jobs -o wide

logs: ## follow the API's logs in the Kubernetes cluster (locally they are npm start's output: | npx bunyan -o short)
	$(call require,kubectl,https://kubernetes.io/docs/tasks/tools/)
	kubectl -n $(NAMESPACE) logs -f -l app.kubernetes.io/name=profile-service-api --max-log-requests 10

logs-worker: ## follow the worker's logs in the Kubernetes cluster (locally: npm run worker's output)
	$(call require,kubectl,https://kubernetes.io/docs/tasks/tools/)
	kubectl -n $(NAMESPACE) logs -f -l app.kubernetes.io/name=profile-service-worker

logs-postgres: ## follow PostgreSQL's logs (Kind)
	$(call require,kubectl,https://kubernetes.io/docs/tasks/tools/)
	kubectl -n $(NAMESPACE) logs -f statefulset/postgres

logs-redis: ## follow Redis's logs (Kind)
	$(call require,kubectl,https://kubernetes.io/docs/tasks/tools/)
	kubectl -n $(NAMESPACE) logs -f statefulset/redis

logs-rabbitmq: ## follow RabbitMQ's logs (Kind)
	$(call require,kubectl,https://kubernetes.io/docs/tasks/tools/)
	kubectl -n $(NAMESPACE) logs -f statefulset/rabbitmq

restart: ## restart the API and the worker (a rolling restart, gated by readiness)
	$(call require,kubectl,https://kubernetes.io/docs/tasks/tools/)
	kubectl -n $(NAMESPACE) rollout restart deployment/profile-service-api deployment/profile-service-worker
	kubectl -n $(NAMESPACE) rollout status deployment/profile-service-api --timeout=180s

clean-all: ## delete what deploy-all made, then the Kind cluster
	$(call require,kubectl,https://kubernetes.io/docs/tasks/tools/)
	kubectl kustomize $(OVERLAY) | kubectl delete --ignore-not-found -f -
	$(MAKE) cluster-delete
