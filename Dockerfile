FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --strict-allow-scripts && npm cache clean --force
COPY . .
USER node
EXPOSE 3000
# npm start migrates, then serves the API and runs the worker; SIGTERM drains both.
CMD ["npm", "start"]
