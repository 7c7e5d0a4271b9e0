# The image of `bench client` for real clusters (the backends' kubernetes.clientImage): Node.js 20
# and the client bundled into one file, so the image needs no node_modules. Build from the
# repository root:
#   docker build -f docker/client.Dockerfile -t REGISTRY/bench/client:0.1.0 .
# (The local test cluster builds the same thing without Docker: scripts/k8s/images.sh.)

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN node_modules/.bin/esbuild src/cli/client-main.ts --bundle --platform=node --target=node20 \
      --outfile=/out/bench-client.js --log-level=warning

FROM node:20-bookworm-slim
COPY --from=build /out/bench-client.js /opt/bench/bench-client.js
RUN printf '#!/bin/sh\nexec node /opt/bench/bench-client.js "$@"\n' >/usr/local/bin/bench \
 && chmod 755 /usr/local/bin/bench
# uid of the image's `node` user, numeric so that runAsNonRoot can be checked.
USER 1000:1000
WORKDIR /home/node
CMD ["bench", "client", "--help"]
