package org.communityhub.reports;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.communityhub.adapter.Adapters;
import org.communityhub.common.http.Attachments;
import org.communityhub.common.spreadsheet.Cells;
import org.communityhub.reference.code.CodeNames;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The monthly sharing report as a workbook: a summary per platform, the fields, the tags — the
 * platforms and tags by their Chinese names (a platform no longer defined by its id), as the page
 * shows them.
 */
@ApplicationScoped
public class SharingReports {

    private final Adapters adapters;
    private final CodeNames codes;

    SharingReports(Adapters adapters, CodeNames codes) {
        this.adapters = adapters;
        this.codes = codes;
    }

    private static final List<String> SUMMARY =
            List.of("平台", "法律依据", "涉及人数", "记录数", "其中注销", "已接收", "被拒绝", "发送失败", "已导出文件", "未答复");

    /** The workbook's file name when downloaded, e.g. 数据共享月报_2026-11.xlsx. */
    public String fileName(SharingReport report) {
        return "数据共享月报_" + report.month() + ".xlsx";
    }

    /** The name for programs that take ASCII only, e.g. sharing-report-2026-11.xlsx. */
    public String asciiFileName(SharingReport report) {
        return "sharing-report-" + report.month() + ".xlsx";
    }

    /** The workbook's {@code Content-Disposition}, named in Chinese. */
    public String contentDisposition(SharingReport report) {
        return Attachments.contentDisposition(fileName(report), asciiFileName(report));
    }

    private String platformName(String adapterId) {
        return adapters.find(adapterId).map(d -> d.name()).orElse(adapterId);
    }

    public byte[] xlsx(SharingReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "Community Data Hub", "1.0");
            Worksheet summary = workbook.newWorksheet("汇总");
            summary.value(0, 0, "数据共享报表 " + report.month());
            summary.style(0, 0).bold().set();
            header(summary, 1, SUMMARY);
            int row = 2;
            for (SharingReport.Platform p : report.platforms()) {
                summary.value(row, 0, Cells.text(platformName(p.adapterId())));
                summary.value(row, 1, Cells.text(String.join("；", p.legalBases())));
                long[] numbers = {
                    p.persons(),
                    p.records(),
                    p.removals(),
                    p.accepted(),
                    p.rejected(),
                    p.failed(),
                    p.exported(),
                    p.unanswered()
                };
                for (int i = 0; i < numbers.length; i++) {
                    summary.value(row, 2 + i, numbers[i]);
                }
                row++;
            }
            counts(workbook.newWorksheet("字段"), "字段", report, false);
            counts(workbook.newWorksheet("标签"), "标签", report, true);
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the sharing report", e);
        }
        return out.toByteArray();
    }

    private void counts(Worksheet sheet, String label, SharingReport report, boolean tags) {
        header(sheet, 0, List.of("平台", label, "记录数"));
        int row = 1;
        for (SharingReport.Platform p : report.platforms()) {
            for (SharingReport.Count c : tags ? p.tags() : p.fields()) {
                sheet.value(row, 0, Cells.text(platformName(p.adapterId())));
                sheet.value(row, 1, Cells.text(tags ? codes.name("tag", c.name()) : c.name()));
                sheet.value(row, 2, c.records());
                row++;
            }
        }
    }

    private static void header(Worksheet sheet, int row, List<String> names) {
        for (int c = 0; c < names.size(); c++) {
            sheet.value(row, c, names.get(c));
            sheet.style(row, c).bold().fillColor("DDEBF7").set();
            sheet.width(c, Math.max(10, names.get(c).length() * 2.5));
        }
    }
}
