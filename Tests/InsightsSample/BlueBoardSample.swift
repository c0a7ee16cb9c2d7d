/// A small CSV export for the Blue Board: three epics (a security one, a development one, a finished one), tasks
/// under them by parent key, by parent id and by epic link, a sub-task under a story, a theme label, a ticket in no
/// theme and one under an epic outside the export; one summary holds markup. Its answers are in BlueBoardTests.
public enum BlueBoardSample {
    /// The day the answers are for.
    public static let asOf = "2026-04-25"
    public static let csv = """
        Issue key,Issue id,Issue Type,Summary,Status,Status Category,Created,Updated,Resolved,Labels,Labels,Sprint,Component/s,Parent,Epic Link
        OPS-1,10001,Epic,Replace the load balancers,In Progress,In Progress,01/Mar/26 10:00,20/Apr/26 10:00,,security,,,,,
        OPS-2,10002,Epic,<script>alert(1)</script> Self-service namespaces,To Do,To Do,01/Mar/26 10:00,01/Mar/26 10:00,,dev,,,,,
        OPS-3,10003,Epic,Cost reports,Done,Done,01/Jan/26 10:00,01/Feb/26 10:00,01/Feb/26 10:00,,,,,,
        OPS-10,10010,Task,LB in integration,Done,Done,02/Mar/26 10:00,10/Mar/26 10:00,10/Mar/26 10:00,,,Sprint 1,Search,OPS-1,
        OPS-11,10011,Task,LB in production,Done,Done,02/Mar/26 10:00,24/Mar/26 10:00,24/Mar/26 10:00,,,Sprint 2,Checkout,10001,
        OPS-12,10012,Story,LB monitoring,In Progress,In Progress,02/Mar/26 10:00,22/Apr/26 09:00,,dev,,Sprint 3,Search,,OPS-1
        OPS-13,10013,Sub-task,LB dashboards,Done,Done,03/Mar/26 10:00,05/Mar/26 10:00,05/Mar/26 10:00,,,Sprint 1,,OPS-12,
        OPS-20,10020,Story,Namespace API,To Do,To Do,05/Mar/26 10:00,05/Mar/26 10:00,,dev,,,Payments,OPS-2,
        OPS-30,10030,Task,Cost export,Done,Done,05/Jan/26 10:00,20/Jan/26 10:00,20/Jan/26 10:00,,,Sprint 1,,OPS-3,
        OPS-40,10040,Task,Pen test findings,Done,Done,01/Apr/26 10:00,15/Apr/26 10:00,15/Apr/26 10:00,theme-pentest-2026,dev,Sprint 3,Identity,,
        OPS-41,10041,Task,Pen test retest,In Progress,In Progress,01/Apr/26 10:00,16/Apr/26 10:00,,theme-pentest-2026,dev,Sprint 3,Identity,,
        OPS-50,10050,Task,Unrelated chore,Done,Done,01/Apr/26 10:00,01/Apr/26 10:00,01/Apr/26 10:00,,,Sprint 3,,,
        OPS-60,10060,Task,Under an epic outside the query,To Do,To Do,01/Apr/26 10:00,01/Apr/26 10:00,,,,,,CORE-7,

        """
}
