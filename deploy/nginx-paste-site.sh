#!/bin/sh
# A start-up step of the nginx container in docker-compose.yml, mounted as /docker-entrypoint.d/40-paste-site.sh:
# installs the site paste.nginx.conf (mounted at /etc/nginx/paste/paste.nginx.conf) as nginx's only site, with the
# proxy secret and the host name from the environment in place of CHANGE-ME and paste.example.com.
# PASTE_NGINX_ROOT, empty in the container, goes before every path, so that the step can be checked outside one.
set -eu

root="${PASTE_NGINX_ROOT:-}"
secret="${PASTE_PROXY_SECRET:-}"
server_name="${PASTE_SERVER_NAME:-paste.example.com}"
site="$root/etc/nginx/conf.d/paste.conf"

case "$secret" in
    '' | *[!A-Za-z0-9._~-]*)
        echo "$0: PASTE_PROXY_SECRET must be set, to letters, digits and ._~- only (openssl rand -hex 32)" >&2
        exit 1
        ;;
esac
# The service refuses a shorter secret (and the placeholder CHANGE-ME) at start-up; say so here too, by the same name.
if [ "${#secret}" -lt 32 ]; then
    echo "$0: PASTE_PROXY_SECRET must be at least 32 characters (openssl rand -hex 32)" >&2
    exit 1
fi
case "$server_name" in
    '' | *[!A-Za-z0-9.-]*)
        echo "$0: PASTE_SERVER_NAME must be a host name, such as paste.example.com" >&2
        exit 1
        ;;
esac

# The image's welcome site would answer port 80 for any other host name.
rm -f "$root/etc/nginx/conf.d/default.conf"
sed -e "s/\"CHANGE-ME\"/\"$secret\"/" -e "s/paste\.example\.com/$server_name/g" \
    "$root/etc/nginx/paste/paste.nginx.conf" > "$site"
if ! grep -q "X-Proxy-Secret *\"$secret\";" "$site"; then
    echo "$0: the site has no 'proxy_set_header X-Proxy-Secret \"CHANGE-ME\";' line to put the secret in" >&2
    exit 1
fi

# The site's access log goes to the container's output, as the image does with nginx's own access.log.
ln -sf /dev/stdout "$root/var/log/nginx/paste.access.log"
