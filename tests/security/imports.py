"""A people-import file of any size for the race and fault tests (CSV, the import template's headers)."""

import csv
import io

HEADER = ["姓名", "性别", "手机号", "妇联编码", "职务", "届次", "任期开始", "产生方式", "两委成员"]


def people_csv(code, rows, prefix="导入"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for n in range(rows):
        writer.writerow([f"{prefix}{n:05d}", "女", f"139{n:08d}", code, "妇女代表", 1, "2017-03-01", "选举产生", "否"])
    return buffer.getvalue().encode("utf-8-sig")
