/**
 * Realistic 200–600 byte log lines, generated (no data set needed): sshd/sudo syslog, web access
 * logs, firewall key=value and CEF, with varied hosts, users and addresses.
 */
export function logLine(n: number): string {
  const ip = `203.0.${(n >> 8) & 255}.${n & 255}`;
  const host = `srv-${n % 37}`;
  const time = new Date(Date.UTC(2026, 10, 27, 3, 0, 0) + n * 7).toISOString();
  switch (n % 5) {
    case 0:
      return `<38>1 ${time} ${host}.so-tttt.gov.vn sshd 2211 - [meta sequenceId="${n}"] Failed password for invalid user admin${n % 97} from ${ip} port ${20000 + (n % 40000)} ssh2`;
    case 1:
      return `<86>Nov 27 10:12:45 ${host} sudo:   nguyenvan${n % 13} : TTY=pts/${n % 9} ; PWD=/home/nguyenvan${n % 13} ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx.service --no-pager`;
    case 2:
      return `${ip} - - [27/Nov/2026:10:12:45 +0700] "GET /portal/tin-tuc/${n}?page=${n % 50}&lang=vi HTTP/1.1" ${n % 11 === 0 ? 404 : 200} ${1000 + (n % 50000)} "https://so-tttt.gov.vn/portal/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"`;
    case 3:
      return `date=2026-11-27 time=10:12:45 devname="FGT-${host}" devid="FG100F${n % 1000}" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=${ip} srcport=${1024 + (n % 60000)} srcintf="wan1" dstip=10.1.${n % 200}.${n % 250} dstport=${[22, 80, 443, 3389][n % 4]} dstintf="lan" proto=6 action="deny" policyid=${n % 40} service="HTTPS" sentbyte=${n % 9000} rcvdbyte=0`;
    default:
      return `CEF:0|Fortinet|FortiWeb|7.4|20000010|SQL Injection detected|8|src=${ip} spt=${1024 + (n % 60000)} dst=10.2.0.${n % 250} dpt=443 request=/portal/search?q\\=1%27%20or%201\\=1 act=blocked suser=- cs1Label=policy cs1=portal-waf msg=signature 0101${n % 1000}`;
  }
}
